import Dispatch

/// Wall time spent per analysis stage (faces, quality, expressions, objects, text, identity), for the progress log
/// and the benchmark: where the time goes.
public struct StageTimings: Sendable {
    public struct Stage: Sendable {
        public var runs = 0
        public var seconds = 0.0
        public var millisecondsPerRun: Double { runs > 0 ? seconds * 1000 / Double(runs) : 0 }
    }

    public private(set) var stages: [String: Stage] = [:]

    /// Runs `body`, adding its duration to `stage`.
    mutating func measure<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            stages[stage, default: Stage()].runs += 1
            stages[stage, default: Stage()].seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        return try body()
    }

    /// One line: each stage's runs, total seconds and milliseconds per run, costliest first.
    public var summary: String {
        stages.sorted { $0.value.seconds > $1.value.seconds }.map { name, stage in
            "\(name) \(stage.runs) runs \(String(format: "%.1f", stage.seconds)) s (\(String(format: "%.1f", stage.millisecondsPerRun)) ms/run)"
        }.joined(separator: ", ")
    }
}
