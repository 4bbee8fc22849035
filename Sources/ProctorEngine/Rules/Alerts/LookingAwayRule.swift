/// Gaze off the candidate's baseline: head + eyes by more than the yaw or pitch threshold, or the eyes alone by more
/// than the eye yaw threshold (a glance to the side with the head still).
/// With r = max(|yaw| / yaw threshold, |pitch| / pitch threshold, |eye yaw| / eye yaw threshold) >= 1:
/// confidence = face confidence x clamp(0.5 + 0.5 (r - 1)), times the eye measurement's confidence when the
/// eyes carry the deviation.
public struct LookingAwayRule: EveryFrameRule {
    public struct Settings: ConfigSection {
        public var minFrames = 5
        /// Gaze deviation from the baseline (head + eyes), in degrees, that counts as looking away.
        public var yawDegrees = 25.0
        public var pitchDegrees = 20.0
        /// Eye yaw off the baseline, in degrees of `EyeDirectionEstimator`'s scale, that counts on its own. Chosen on
        /// v01 (its eyes-only glance reads 15-21 degrees off at 2 fps) and v03 (a talking head, at most 9 degrees
        /// off): the midpoint of 9 and 15. Checked on v07's glance (19-25 degrees) and on the mirrored v01
        /// (RealVideoTests).
        public var eyeYawDegrees = 12.0

        public init() {}
        public static var fields: [ConfigField<Self>] {
            [
                .value("lookingAwayMinFrames", \.minFrames), .value("lookingAwayYawDegrees", \.yawDegrees),
                .value("lookingAwayPitchDegrees", \.pitchDegrees), .value("lookingAwayEyeYawDegrees", \.eyeYawDegrees),
            ]
        }

        public func validate() throws {
            try ConfigCheck.frames(minFrames, "looking_away_min_frames")
            try ConfigCheck.positive(yawDegrees, "looking_away_yaw_degrees")
            try ConfigCheck.positive(pitchDegrees, "looking_away_pitch_degrees")
            try ConfigCheck.positive(eyeYawDegrees, "looking_away_eye_yaw_degrees")
        }
    }

    public let type = AlertType.lookingAway
    public let severity = Severity.warning
    public let minFrames: Int
    public let yawDegrees: Double
    public let pitchDegrees: Double
    public let eyeYawDegrees: Double

    public init(_ settings: Settings) {
        minFrames = settings.minFrames
        yawDegrees = settings.yawDegrees
        pitchDegrees = settings.pitchDegrees
        eyeYawDegrees = settings.eyeYawDegrees
    }

    public func confidence(for frame: FrameAssessment) -> Double? {
        guard let face = frame.primaryFace, let gaze = frame.gaze else { return nil }
        let eyeRatio = gaze.eyeYaw.map { abs($0) / eyeYawDegrees } ?? 0
        let ratio = max(abs(gaze.yaw) / yawDegrees, abs(gaze.pitch) / pitchDegrees, eyeRatio)
        guard ratio > 1 else { return nil }
        var confidence = face.confidence * unitClamp(0.5 + 0.5 * (ratio - 1))
        let headRatio = max(abs(gaze.headYaw) / yawDegrees, abs(gaze.headPitch) / pitchDegrees)
        if headRatio <= 1, let eyes = face.eyeDirection { confidence *= eyes.confidence }
        return confidence
    }
}
