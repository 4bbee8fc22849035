/// The candidate's own typical head and eye direction: per component, the median over the first
/// `baseline_frames` confident single-face frames. Until that many exist, the median of those seen so
/// far is used, so the first confident frame is on-baseline by definition.
public struct GazeBaseline: Sendable, Equatable {
    public struct Settings: ConfigSection {
        /// Confident single-face frames whose median forms the candidate's head/eye baseline.
        public var frames = 5
        /// Confidence a face needs to count toward the baseline (and to become an identity reference).
        public var minConfidence = 0.8

        public init() {}
        public static var fields: [ConfigField<Self>] {
            [.value("baselineFrames", \.frames), .value("baselineMinConfidence", \.minConfidence)]
        }

        public func validate() throws {
            try ConfigCheck.frames(frames, "baseline_frames")
            try ConfigCheck.unit(minConfidence, "baseline_min_confidence")
        }
    }

    public private(set) var headYawSamples: [Double] = []
    public private(set) var headPitchSamples: [Double] = []
    public private(set) var eyeYawSamples: [Double] = []
    public private(set) var eyePitchSamples: [Double] = []
    public let targetFrames: Int

    public init(targetFrames: Int) { self.targetFrames = targetFrames }

    public var isEstablished: Bool { headYawSamples.count >= targetFrames }
    public var headYaw: Double? { Statistics.median(headYawSamples) }
    public var headPitch: Double? { Statistics.median(headPitchSamples) }
    public var eyeYaw: Double? { Statistics.median(eyeYawSamples) }
    public var eyePitch: Double? { Statistics.median(eyePitchSamples) }

    /// Adds a frame's pose (and eye direction when measured) while the baseline is still being formed.
    mutating func consider(pose: HeadPose, eyes: EyeDirection?) {
        if headYawSamples.count < targetFrames {
            headYawSamples.append(pose.yaw)
            headPitchSamples.append(pose.pitch)
        }
        if let eyes, eyeYawSamples.count < targetFrames {
            eyeYawSamples.append(eyes.yaw)
            eyePitchSamples.append(eyes.pitch)
        }
    }

    /// The face's deviation from the baseline; nil without a pose or before any baseline sample exists.
    /// `trustEyes` false (a frame too dark, bright or blurred for an iris to be located) leaves the eyes out.
    func deviation(of face: FaceObservation, trustEyes: Bool) -> GazeDeviation? {
        guard let pose = face.pose, let baseYaw = headYaw, let basePitch = headPitch else { return nil }
        var deviation = GazeDeviation(headYaw: pose.yaw - baseYaw, headPitch: pose.pitch - basePitch)
        if trustEyes, let eyes = face.eyeDirection, let eyeYaw, let eyePitch {
            deviation.eyeYaw = eyes.yaw - eyeYaw
            deviation.eyePitch = eyes.pitch - eyePitch
        }
        return deviation
    }

    /// What the report shows of the baseline.
    public var summary: BaselineSummary {
        BaselineSummary(
            headYaw: headYaw, headPitch: headPitch, eyeYaw: eyeYaw, eyePitch: eyePitch,
            headFrames: headYawSamples.count, eyeFrames: eyeYawSamples.count, targetFrames: targetFrames)
    }
}

/// The baseline as reported: medians in degrees and how many frames formed them.
public struct BaselineSummary: Codable, Sendable, Equatable {
    public var headYaw: Double?
    public var headPitch: Double?
    public var eyeYaw: Double?
    public var eyePitch: Double?
    public var headFrames: Int
    public var eyeFrames: Int
    public var targetFrames: Int
}
