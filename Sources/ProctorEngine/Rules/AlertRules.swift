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
    public func verdict(for frame: FrameAssessment) -> RuleVerdict { confidence(for: frame).map { .holds($0) } ?? .clear }
}

/// No usable face in a frame whose picture is good enough to judge.
/// Confidence = 1 - the highest confidence of any face detected below the usability thresholds.
public struct NoFaceRule: EveryFrameRule {
    public let type = AlertType.noFaceDetected
    public let severity = Severity.warning
    public let minFrames: Int

    public func confidence(for frame: FrameAssessment) -> Double? {
        guard frame.usableFaces.isEmpty, frame.quality == .ok || frame.quality == .unknown else { return nil }
        return 1 - frame.bestRejectedFaceConfidence
    }
}

/// Two or more usable faces. Confidence = the detection confidence of the second most confident face.
public struct MultipleFacesRule: EveryFrameRule {
    public let type = AlertType.multipleFacesDetected
    public let severity = Severity.critical
    public let minFrames: Int

    public func confidence(for frame: FrameAssessment) -> Double? {
        guard frame.usableFaces.count >= 2 else { return nil }
        return frame.usableFaces.map(\.confidence).sorted(by: >)[1]
    }

    public func details(for frame: FrameAssessment) -> EventDetails? { EventDetails(faceCount: frame.usableFaces.count) }
}

/// Gaze (head + eyes) off the candidate's baseline by more than the yaw or pitch threshold.
/// With r = max(|yaw| / yaw threshold, |pitch| / pitch threshold) >= 1:
/// confidence = face confidence x clamp(0.5 + 0.5 (r - 1)), times the eye measurement's confidence when the
/// eyes carry the deviation.
public struct LookingAwayRule: EveryFrameRule {
    public let type = AlertType.lookingAway
    public let severity = Severity.warning
    public let minFrames: Int
    public let yawDegrees: Double
    public let pitchDegrees: Double

    public func confidence(for frame: FrameAssessment) -> Double? {
        guard let face = frame.primaryFace, let gaze = frame.gaze else { return nil }
        let ratio = max(abs(gaze.yaw) / yawDegrees, abs(gaze.pitch) / pitchDegrees)
        guard ratio > 1 else { return nil }
        var confidence = face.confidence * unitClamp(0.5 + 0.5 * (ratio - 1))
        let headRatio = max(abs(gaze.headYaw) / yawDegrees, abs(gaze.headPitch) / pitchDegrees)
        if headRatio <= 1, let eyes = face.eyeDirection { confidence *= eyes.confidence }
        return confidence
    }
}

/// Engagement below the threshold. Confidence = face confidence x (1 - engagement / threshold).
public struct LowEngagementRule: EveryFrameRule {
    public let type = AlertType.lowEngagement
    public let severity = Severity.info
    public let minFrames: Int
    public let below: Double

    public func confidence(for frame: FrameAssessment) -> Double? {
        guard let face = frame.primaryFace, let engagement = frame.metrics.engagement, engagement < below else {
            return nil
        }
        return face.confidence * (1 - engagement / below)
    }
}

/// No usable face and a picture too dark, too bright or too blurred to tell, or a frame the backend could not
/// analyse. Confidence is 1: image quality (and a failed analysis) is known directly.
public struct InsufficientEvidenceRule: EveryFrameRule {
    public let type = AlertType.insufficientEvidence
    public let severity = Severity.info
    public let minFrames: Int

    public func confidence(for frame: FrameAssessment) -> Double? {
        guard frame.usableFaces.isEmpty, frame.quality.isPoor else { return nil }
        return 1
    }
}

extension ProctorConfig {
    /// The rules with this configuration's thresholds.
    public var rules: [any AlertRule] {
        [
            NoFaceRule(minFrames: noFaceMinFrames),
            MultipleFacesRule(minFrames: multipleFacesMinFrames),
            LookingAwayRule(minFrames: lookingAwayMinFrames, yawDegrees: lookingAwayYawDegrees,
                            pitchDegrees: lookingAwayPitchDegrees),
            LowEngagementRule(minFrames: lowEngagementMinFrames, below: lowEngagementBelow),
            InsufficientEvidenceRule(minFrames: insufficientEvidenceMinFrames),
            SuspiciousObjectRule(minFrames: suspiciousObjectMinFrames, config: self),
            MultiplePeopleRule(minFrames: multiplePeopleMinFrames, personMinConfidence: personMinConfidence),
            TextDetectedRule(minFrames: textDetectedMinFrames, config: self),
            FaceMismatchRule(minFrames: faceMismatchMinFrames),
        ]
    }
}
