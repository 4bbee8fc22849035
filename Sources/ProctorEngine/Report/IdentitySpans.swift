/// Where identity went unchecked: runs of sampled frames with one usable face and no identity comparison.
public enum IdentitySpans {
    /// Shorter gaps are the schedule's own (identity is compared every second or so), not a blind spot.
    public static let minimumSeconds = 3.0

    /// Runs of consecutive frames with exactly one usable face and no identity distance, lasting at least
    /// `minimumSeconds` (first to last frame of the run).
    public static func unverified(in timeline: [FrameRecord]) -> [TimeSpan] {
        var spans: [TimeSpan] = []
        var current: TimeSpan?
        func close() {
            if let span = current, span.end - span.start >= minimumSeconds { spans.append(span) }
            current = nil
        }
        for record in timeline {
            guard record.faceCount == 1, record.identityDistance == nil else {
                close()
                continue
            }
            if current == nil { current = TimeSpan(start: record.timestamp, end: record.timestamp) }
            current?.end = record.timestamp
        }
        close()
        return spans
    }
}
