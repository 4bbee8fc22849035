/// What a rule says about one frame.
public enum RuleVerdict: Equatable, Sendable {
    /// The frame shows the condition, with this confidence (0-1).
    case holds(Double)
    /// The frame does not show it (or the condition cannot apply, e.g. no face to look away).
    case clear
    /// The frame was not examined for it (a scheduled detector did not run): neither extends nor breaks a run.
    case notJudged
}

/// One alert type's frame condition. A rule only says whether one frame shows its condition and how confidently;
/// `EventTracker` turns runs of such frames into events.
public protocol AlertRule: Sendable {
    var type: AlertType { get }
    var severity: Severity { get }
    /// Consecutive qualifying frames needed before the alert is raised.
    var minFrames: Int { get }
    func verdict(for frame: FrameAssessment) -> RuleVerdict
    /// What the event reports about its evidence frame (object, distance, counts); nil when nothing beyond the
    /// times and confidence.
    func details(for frame: FrameAssessment) -> EventDetails?
}

extension AlertRule {
    public func details(for frame: FrameAssessment) -> EventDetails? { nil }
}

/// A rule judged on every frame: the condition holds with a confidence, or it does not.
public protocol EveryFrameRule: AlertRule {
    /// Confidence (0-1) that the frame shows the condition; nil when it does not.
    func confidence(for frame: FrameAssessment) -> Double?
}

extension EveryFrameRule {
    public func verdict(for frame: FrameAssessment) -> RuleVerdict {
        confidence(for: frame).map { .holds($0) } ?? .clear
    }
}
