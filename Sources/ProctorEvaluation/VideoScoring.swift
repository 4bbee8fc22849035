import ProctorEngine

/// One sampled frame as one label sees it: its time and whether the tool predicted the label there.
public struct FrameSample: Sendable, Equatable {
    public var time: Double
    public var predicted: Bool

    public init(time: Double, predicted: Bool) {
        self.time = time
        self.predicted = predicted
    }
}

/// One label scored frame by frame over one video (or, added up, over several).
public struct FrameLabelResult: Codable, Sendable, Equatable {
    public var label: String
    /// Frames scored (positives and negatives).
    public var scoredFrames: Int
    /// Frames left out because they lie within the margin of a labelled boundary.
    public var excludedFrames: Int
    /// Frames outside the spans the label is scored on (e.g. no expression labelled there).
    public var outOfScopeFrames: Int
    public var score: Score
    public var falsePositiveTimes: [Double]
    public var falseNegativeTimes: [Double]

    public init(
        label: String, scoredFrames: Int = 0, excludedFrames: Int = 0, outOfScopeFrames: Int = 0,
        score: Score = Score(), falsePositiveTimes: [Double] = [], falseNegativeTimes: [Double] = []
    ) {
        self.label = label
        self.scoredFrames = scoredFrames
        self.excludedFrames = excludedFrames
        self.outOfScopeFrames = outOfScopeFrames
        self.score = score
        self.falsePositiveTimes = falsePositiveTimes
        self.falseNegativeTimes = falseNegativeTimes
    }

    /// Counts added up (the error times of both are kept, in order).
    public static func + (lhs: FrameLabelResult, rhs: FrameLabelResult) -> FrameLabelResult {
        FrameLabelResult(
            label: lhs.label, scoredFrames: lhs.scoredFrames + rhs.scoredFrames,
            excludedFrames: lhs.excludedFrames + rhs.excludedFrames,
            outOfScopeFrames: lhs.outOfScopeFrames + rhs.outOfScopeFrames, score: lhs.score + rhs.score,
            falsePositiveTimes: lhs.falsePositiveTimes + rhs.falsePositiveTimes,
            falseNegativeTimes: lhs.falseNegativeTimes + rhs.falseNegativeTimes)
    }
}

/// One label scored as intervals: labelled intervals found (recall) and predicted intervals that match (precision).
/// The two ratios have different numerators, so this is not a `Score`.
public struct IntervalLabelResult: Codable, Sendable, Equatable {
    public var label: String
    /// Labelled intervals (the union of the label's rows: overlapping or touching rows count once).
    public var labelledIntervals: Int
    /// Labelled intervals overlapped by at least one predicted interval.
    public var labelledFound: Int
    /// Predicted intervals.
    public var predictedIntervals: Int
    /// Predicted intervals overlapping at least one labelled interval.
    public var predictedMatching: Int
    public var missed: [TimeSpan]
    public var unmatched: [TimeSpan]

    public init(
        label: String, labelledIntervals: Int = 0, labelledFound: Int = 0, predictedIntervals: Int = 0,
        predictedMatching: Int = 0, missed: [TimeSpan] = [], unmatched: [TimeSpan] = []
    ) {
        self.label = label
        self.labelledIntervals = labelledIntervals
        self.labelledFound = labelledFound
        self.predictedIntervals = predictedIntervals
        self.predictedMatching = predictedMatching
        self.missed = missed
        self.unmatched = unmatched
    }

    /// labelledFound / labelledIntervals; nil when nothing was labelled.
    public var recall: Double? { labelledIntervals == 0 ? nil : Double(labelledFound) / Double(labelledIntervals) }
    /// predictedMatching / predictedIntervals; nil when nothing was predicted.
    public var precision: Double? {
        predictedIntervals == 0 ? nil : Double(predictedMatching) / Double(predictedIntervals)
    }

    public static func + (lhs: IntervalLabelResult, rhs: IntervalLabelResult) -> IntervalLabelResult {
        IntervalLabelResult(
            label: lhs.label, labelledIntervals: lhs.labelledIntervals + rhs.labelledIntervals,
            labelledFound: lhs.labelledFound + rhs.labelledFound,
            predictedIntervals: lhs.predictedIntervals + rhs.predictedIntervals,
            predictedMatching: lhs.predictedMatching + rhs.predictedMatching,
            missed: lhs.missed + rhs.missed, unmatched: lhs.unmatched + rhs.unmatched)
    }
}

/// Scoring a video's predictions against its labelled time spans.
///
/// Frame level: at a sampled frame time t a label is true when some row of that label covers t (closed spans). Label
/// times are accurate to about +-0.2 s, so a frame within `margin` of a point where the label switches on or off is
/// not scored. Where the label switches is taken from the union of its rows (rows that overlap or touch form one
/// span), ignoring the video's own start (time 0) and end (within `edgeTolerance` of the duration, or after it).
///
/// Interval level: a predicted interval is the span from its first to its last qualifying sampled frame. Since the
/// condition may have begun up to one sample period before its first frame and lasted up to one after its last, and
/// label times are good to `tolerance`, a predicted and a labelled interval overlap when they intersect or the gap
/// between them is under `samplePeriod + tolerance`.
public enum VideoScoring {
    /// Label timing accuracy stated with the labels (seconds).
    public static let boundaryMargin = 0.2
    /// Labels are written to 1/100 s: a span ending within this of the duration ends with the video.
    public static let edgeTolerance = 0.05

    /// Merges overlapping or touching spans; the result is sorted and disjoint.
    public static func union(_ spans: [TimeSpan]) -> [TimeSpan] {
        var merged: [TimeSpan] = []
        for span in spans.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            if let last = merged.last, span.start <= last.end {
                merged[merged.count - 1].end = max(last.end, span.end)
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    /// Times where a label with these spans switches on or off, without the video's start and end.
    public static func boundaries(of spans: [TimeSpan], duration: Double?) -> [Double] {
        union(spans).flatMap { [$0.start, $0.end] }.filter { time in
            time > 0 && duration.map { time < $0 - edgeTolerance } ?? true
        }
    }

    /// What a frame at `time` is for a label with these labelled spans.
    public enum FrameTruth: Equatable, Sendable {
        case positive, negative
        /// Within the margin of a boundary of the label or of the scope.
        case excluded
        /// Outside the scope the label is scored in.
        case outOfScope
    }

    /// The truth for one frame. `scope`, when given, limits scoring to those spans (their edges are boundaries too).
    public static func truth(
        at time: Double, labelled: [TimeSpan], scope: [TimeSpan]? = nil, duration: Double?,
        margin: Double = boundaryMargin
    ) -> FrameTruth {
        if let scope, !union(scope).contains(where: { $0.contains(time) }) { return .outOfScope }
        let edges =
            boundaries(of: labelled, duration: duration) + (scope.map { boundaries(of: $0, duration: duration) } ?? [])
        if edges.contains(where: { abs($0 - time) <= margin }) { return .excluded }
        return union(labelled).contains { $0.contains(time) } ? .positive : .negative
    }

    /// Scores one label over one video's sampled frames (only the frames given: the caller leaves out frames the
    /// tool did not examine for this label).
    public static func scoreFrames(
        label: String, frames: [FrameSample], labelled: [TimeSpan], scope: [TimeSpan]? = nil,
        duration: Double?, margin: Double = boundaryMargin
    ) -> FrameLabelResult {
        var result = FrameLabelResult(label: label)
        for frame in frames {
            let isLabelled: Bool
            switch truth(at: frame.time, labelled: labelled, scope: scope, duration: duration, margin: margin) {
            case .outOfScope:
                result.outOfScopeFrames += 1
                continue
            case .excluded:
                result.excludedFrames += 1
                continue
            case .positive: isLabelled = true
            case .negative: isLabelled = false
            }
            result.scoredFrames += 1
            result.score.count(predicted: frame.predicted, labelled: isLabelled)
            if frame.predicted && !isLabelled { result.falsePositiveTimes.append(frame.time) }
            if !frame.predicted && isLabelled { result.falseNegativeTimes.append(frame.time) }
        }
        return result
    }

    /// Whether a predicted and a labelled interval overlap, allowing for sampling and label timing (see above).
    public static func overlaps(
        predicted: TimeSpan, labelled: TimeSpan, samplePeriod: Double,
        tolerance: Double = boundaryMargin
    ) -> Bool {
        let gap = max(predicted.start, labelled.start) - min(predicted.end, labelled.end)
        return gap <= 0 || gap < samplePeriod + tolerance
    }

    /// Scores one label's intervals over one video. `labelled` are the label's rows (merged into their union first).
    public static func scoreIntervals(
        label: String, predicted: [TimeSpan], labelled: [TimeSpan], samplePeriod: Double,
        tolerance: Double = boundaryMargin
    ) -> IntervalLabelResult {
        let truth = union(labelled)
        var result = IntervalLabelResult(
            label: label, labelledIntervals: truth.count,
            predictedIntervals: predicted.count)
        for span in truth {
            if predicted.contains(where: {
                overlaps(
                    predicted: $0, labelled: span, samplePeriod: samplePeriod,
                    tolerance: tolerance)
            }) {
                result.labelledFound += 1
            } else {
                result.missed.append(span)
            }
        }
        for span in predicted {
            if truth.contains(where: {
                overlaps(
                    predicted: span, labelled: $0, samplePeriod: samplePeriod,
                    tolerance: tolerance)
            }) {
                result.predictedMatching += 1
            } else {
                result.unmatched.append(span)
            }
        }
        return result
    }
}
