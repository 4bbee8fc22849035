/// A closed span of video time in seconds (start == end for an instant, such as a cut).
public struct TimeSpan: Codable, Sendable, Equatable {
    public var start: Double
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    public func contains(_ time: Double) -> Bool { time >= start && time <= end }
}
