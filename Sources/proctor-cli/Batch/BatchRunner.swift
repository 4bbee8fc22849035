import Foundation
import ProctorEngine
import ProctorReports

/// Runs a batch: each recording's reports (JSON always, plus the formats asked for) are written atomically under
/// the output folder, mirroring the recording's relative path; `jobs` recordings run side by side; a recording whose
/// reports all exist already is skipped unless `force`; a failure becomes an error row and the batch goes on.
struct BatchRunner {
    /// Analyses one recording, writing evidence to the folder given, reporting progress through the callbacks.
    typealias Analyze = (_ input: BatchInput, _ evidence: URL, _ progress: RecordingProgress) throws -> Report
    /// Makes one job's `Analyze`, once per job thread (so a job can load its models once and keep them).
    typealias MakeJob = @Sendable () throws -> Analyze

    /// Progress callbacks of one recording: its declared duration once open, then each analysed frame's time.
    struct RecordingProgress: Sendable {
        let opened: @Sendable (Double?) -> Void
        let frame: @Sendable (Double, Int) -> Void
    }

    var inputs: [BatchInput]
    var outputDirectory: URL
    var formats: [ReportFormat]
    var jobs: Int
    var force: Bool
    var progress: BatchProgress
    var makeJob: MakeJob

    /// The rows in input order.
    func run() throws -> [BatchRow] {
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        let rows = Rows(count: inputs.count)
        let next = Counter()
        let done = DispatchGroup()
        // Threads, not the dispatch pool: each job blocks for the length of a recording.
        for _ in 0..<max(1, min(jobs, inputs.count)) {
            done.enter()
            Thread {
                var job: Analyze?
                while let position = next.take(below: inputs.count) {
                    rows.set(position, process(inputs[position], job: &job))
                }
                done.leave()
            }.start()
        }
        done.wait()
        progress.close()
        return rows.all
    }

    private func outputs(for input: BatchInput) -> [(ReportFormat, URL)] {
        ([ReportFormat.json] + formats.filter { $0 != .json }).map {
            ($0, input.output(in: outputDirectory, ext: $0.fileExtension))
        }
    }

    /// `job` is this thread's analysis, made on its first recording (and again after a failure to make it).
    private func process(_ input: BatchInput, job: inout Analyze?) -> BatchRow {
        let targets = outputs(for: input)
        let jsonReport = targets[0].1
        let relativeReport = input.stem + ".json"
        progress.start(input.relativePath)
        if !force, targets.allSatisfy({ FileManager.default.fileExists(atPath: $0.1.path) }),
            let existing = try? Self.read(jsonReport)
        {
            let row = BatchRow(file: input.path, status: .skipped, report: relativeReport, from: existing)
            progress.finish(input.relativePath, row: row)
            return row
        }
        let row: BatchRow
        do {
            final class Duration: @unchecked Sendable { var seconds: Double? }
            let duration = Duration()
            if job == nil { job = try makeJob() }
            let report = try job!(
                input, input.evidenceDirectory(in: outputDirectory),
                RecordingProgress(
                    opened: { duration.seconds = $0 },
                    frame: { time, frames in
                        let fraction = duration.seconds.map { $0 > 0 ? time / $0 : 0 } ?? 0
                        progress.frame(input.relativePath, fraction: fraction, frames: frames)
                    }))
            // JSON last: a recording counts as done only once every format is there.
            for (format, url) in targets.reversed() {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(),
                    withIntermediateDirectories: true)
                try Data(try ReportRenderer.render(report, as: format).utf8).write(to: url, options: .atomic)
            }
            row = BatchRow(file: input.path, status: .analysed, report: relativeReport, from: report)
        } catch {
            row = BatchRow(file: input.path, status: .failed, error: "\(error)")
        }
        progress.finish(input.relativePath, row: row)
        return row
    }

    static func read(_ url: URL) throws -> Report {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Report.self, from: Data(contentsOf: url))
    }

    /// The next input to take, shared by the job threads.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func take(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }

    private final class Rows: @unchecked Sendable {
        private let lock = NSLock()
        private var rows: [BatchRow?]
        init(count: Int) { rows = Array(repeating: nil, count: count) }
        func set(_ position: Int, _ row: BatchRow) {
            lock.lock()
            rows[position] = row
            lock.unlock()
        }
        var all: [BatchRow] { rows.compactMap { $0 } }
    }
}

extension ReportFormat {
    var fileExtension: String {
        switch self {
        case .json: return "json"
        case .markdown: return "md"
        default: return rawValue
        }
    }
}
