/// No usable face and a picture too dark, too bright or too blurred to tell, or a frame the backend could not
/// analyse. Confidence is 1: image quality (and a failed analysis) is known directly.
public struct InsufficientEvidenceRule: EveryFrameRule {
    public struct Settings: ConfigSection {
        public var minFrames = 3

        public init() {}
        public static var fields: [ConfigField<Self>] { [.value("insufficientEvidenceMinFrames", \.minFrames)] }
        public func validate() throws { try ConfigCheck.frames(minFrames, "insufficient_evidence_min_frames") }
    }

    public let type = AlertType.insufficientEvidence
    public let severity = Severity.info
    public let minFrames: Int

    public init(_ settings: Settings) { minFrames = settings.minFrames }

    public func confidence(for frame: FrameAssessment) -> Double? {
        guard frame.usableFaces.isEmpty, frame.quality.isPoor else { return nil }
        return 1
    }
}
