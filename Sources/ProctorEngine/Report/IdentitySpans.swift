/// Where identity went unchecked: runs of sampled frames with one usable face and no identity comparison.
public enum IdentitySpans {
    /// A stretch of the recording, in seconds.
    public struct Span: Codable, Sendable, Equatable {
        public var start: Double
        public var end: Double

        public init(start: Double, end: Double) {
            self.start = start
            self.end = end
        }
    }

    /// Shorter gaps are the schedule's own (identity is compared every second or so), not a blind spot.
    public static let minimumSeconds = 3.0

    /// Runs of consecutive frames with exactly one usable face and no identity distance, lasting at least
    /// `minimumSeconds` (first to last frame of the run).
    public static func unverified(in timeline: [FrameRecord]) -> [Span] {
        var spans: [Span] = []
        var current: Span?
        func close() {
            if let span = current, span.end - span.start >= minimumSeconds { spans.append(span) }
            current = nil
        }
        for record in timeline {
            guard record.faceCount == 1, record.identityDistance == nil else {
                close()
                continue
            }
            if current == nil { current = Span(start: record.timestamp, end: record.timestamp) }
            current?.end = record.timestamp
        }
        close()
        return spans
    }
}
