/// No usable face in a frame whose picture is good enough to judge.
/// Confidence = 1 - the highest confidence of any face detected below the usability thresholds.
public struct NoFaceRule: EveryFrameRule {
    public struct Settings: ConfigSection {
        /// Consecutive frames without a usable face before the alert.
        public var minFrames = 3

        public init() {}
        public static var fields: [ConfigField<Self>] { [.value("noFaceMinFrames", \.minFrames)] }
        public func validate() throws { try ConfigCheck.frames(minFrames, "no_face_min_frames") }
    }

    public let type = AlertType.noFaceDetected
    public let severity = Severity.warning
    public let minFrames: Int

    public init(_ settings: Settings) { minFrames = settings.minFrames }

    public func confidence(for frame: FrameAssessment) -> Double? {
        guard frame.usableFaces.isEmpty, frame.quality == .ok || frame.quality == .unknown else { return nil }
        return 1 - frame.bestRejectedFaceConfidence
    }
}
