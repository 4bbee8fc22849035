/// Gaze (head + eyes) off the candidate's baseline by more than the yaw or pitch threshold.
/// With r = max(|yaw| / yaw threshold, |pitch| / pitch threshold) >= 1:
/// confidence = face confidence x clamp(0.5 + 0.5 (r - 1)), times the eye measurement's confidence when the
/// eyes carry the deviation.
public struct LookingAwayRule: EveryFrameRule {
    public struct Settings: ConfigSection {
        public var minFrames = 5
        /// Gaze deviation from the baseline (head + eyes), in degrees, that counts as looking away.
        public var yawDegrees = 25.0
        public var pitchDegrees = 20.0

        public init() {}
        public static var fields: [ConfigField<Self>] {
            [
                .value("lookingAwayMinFrames", \.minFrames), .value("lookingAwayYawDegrees", \.yawDegrees),
                .value("lookingAwayPitchDegrees", \.pitchDegrees),
            ]
        }

        public func validate() throws {
            try ConfigCheck.frames(minFrames, "looking_away_min_frames")
            try ConfigCheck.positive(yawDegrees, "looking_away_yaw_degrees")
            try ConfigCheck.positive(pitchDegrees, "looking_away_pitch_degrees")
        }
    }

    public let type = AlertType.lookingAway
    public let severity = Severity.warning
    public let minFrames: Int
    public let yawDegrees: Double
    public let pitchDegrees: Double

    public init(_ settings: Settings) {
        minFrames = settings.minFrames
        yawDegrees = settings.yawDegrees
        pitchDegrees = settings.pitchDegrees
    }

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
