/// The single face in frame is not the reference person: descriptor distance above the threshold.
/// With d the distance and t the threshold, confidence = clamp(d / (2t)) (0.5 at the threshold, 1 at twice it).
public struct FaceMismatchRule: AlertRule {
    public struct Settings: ConfigSection {
        /// Descriptor distance above which a face is a different person; nil = the backend's own threshold.
        public var distanceThreshold: Double?
        /// Two consecutive examined frames: one distance near the threshold is weak evidence (dlib puts some different
        /// people at 0.54-0.59, around the 0.54 threshold); with identity examined every second, a swap is still
        /// flagged within 3 s.
        public var minFrames = 2

        public init() {}
        public static var fields: [ConfigField<Self>] {
            [.optional("identityDistanceThreshold", \.distanceThreshold), .value("faceMismatchMinFrames", \.minFrames)]
        }

        public func validate() throws {
            if let distanceThreshold { try ConfigCheck.positive(distanceThreshold, "identity_distance_threshold") }
            try ConfigCheck.frames(minFrames, "face_mismatch_min_frames")
        }
    }

    public let type = AlertType.faceMismatch
    public let severity = Severity.critical
    public let minFrames: Int

    public init(_ settings: Settings) { minFrames = settings.minFrames }

    public func verdict(for frame: FrameAssessment) -> RuleVerdict {
        guard let check = frame.identity, frame.detectorsTrusted else { return .notJudged }
        guard check.distance > check.threshold else { return .clear }
        return .holds(unitClamp(check.distance / (2 * check.threshold)))
    }

    public func details(for frame: FrameAssessment) -> EventDetails? {
        frame.identity.map {
            EventDetails(
                identityDistance: $0.distance, identityThreshold: $0.threshold,
                referenceFrameIndex: $0.referenceFrameIndex)
        }
    }
}
