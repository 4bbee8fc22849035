/// The apparent facial expression over a session: a timeline of segments (consecutive sampled frames with the same
/// dominant expression) and per-expression averages. It describes what a face showed, not what a person felt, and
/// never feeds an integrity alert.
public struct ExpressionSummary: Codable, Sendable, Equatable {
    public struct Segment: Codable, Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var expression: String
        public var frames: Int
        /// Mean probability of `expression` over the segment's frames.
        public var meanProbability: Double
    }

    /// What the numbers are: apparent expressions, not feelings.
    public static let meaning = "apparent facial expression (what the face shows, not a person's inner state)"
    public var label = ExpressionSummary.meaning
    /// Frames whose candidate face had expression probabilities.
    public var frames: Int
    /// Mean probability of each expression over those frames.
    public var meanProbabilities: [String: Double]
    /// Share of those frames in which each expression was dominant.
    public var dominantShares: [String: Double]
    /// The expression dominant in the most frames.
    public var dominant: String?
    public var segments: [Segment]

    /// Builds the summary from a session timeline; nil when no frame had expressions.
    public static func build(from timeline: [FrameRecord]) -> ExpressionSummary? {
        let measured = timeline.filter { $0.expressions != nil }
        guard !measured.isEmpty else { return nil }
        var sums: [String: Double] = [:]
        var dominantCounts: [String: Int] = [:]
        for record in measured {
            for (name, probability) in record.expressions! { sums[name, default: 0] += probability }
            if let dominant = record.dominantEmotion { dominantCounts[dominant, default: 0] += 1 }
        }
        let count = Double(measured.count)
        return ExpressionSummary(
            frames: measured.count,
            meanProbabilities: sums.mapValues { $0 / count },
            dominantShares: dominantCounts.mapValues { Double($0) / count },
            dominant: dominantCounts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key,
            segments: segments(of: timeline))
    }

    /// Runs of consecutive frames with the same dominant expression; a frame without expressions ends a run.
    static func segments(of timeline: [FrameRecord]) -> [Segment] {
        var segments: [Segment] = []
        var current: (segment: Segment, probabilitySum: Double)?
        func close() {
            guard case (var segment, let sum)? = current else { return }
            segment.meanProbability = sum / Double(segment.frames)
            segments.append(segment)
            current = nil
        }
        for record in timeline {
            guard let dominant = record.dominantEmotion, let probability = record.expressions?[dominant] else {
                close()
                continue
            }
            if current?.segment.expression == dominant {
                current!.segment.end = record.timestamp
                current!.segment.frames += 1
                current!.probabilitySum += probability
            } else {
                close()
                current = (
                    Segment(
                        start: record.timestamp, end: record.timestamp, expression: dominant, frames: 1,
                        meanProbability: 0), probability
                )
            }
        }
        close()
        return segments
    }
}
