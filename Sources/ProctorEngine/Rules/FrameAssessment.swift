/// Whether a frame's picture is good enough to judge what is (not) in it.
public enum QualityVerdict: String, Codable, Sendable {
    case ok
    case tooDark = "too_dark"
    case tooBright = "too_bright"
    case blurry, unknown
    /// The backend could not analyse the frame: nothing about it is known.
    case unanalysed

    /// Whether nothing can be judged on the frame: too dark, too bright, blurred, or not analysed.
    public var isPoor: Bool { [.tooDark, .tooBright, .blurry, .unanalysed].contains(self) }
}

/// Gaze relative to the candidate's baseline, in degrees. `yaw` adds the head and eye deviations; `pitch` is the
/// head's alone: the iris method's vertical estimate is confounded by eyelids and lashes (measured on v03, a woman
/// talking to the camera: +-30 degrees of eye-pitch noise), so eye pitch is reported but does not move the gaze.
/// `eyesMeasured` is false when only the head could be measured.
public struct GazeDeviation: Codable, Sendable, Equatable {
    public var headYaw: Double
    public var headPitch: Double
    public var eyeYaw: Double?
    public var eyePitch: Double?

    public var yaw: Double { headYaw + (eyeYaw ?? 0) }
    public var pitch: Double { headPitch }
    /// Total angular deviation of the gaze.
    public var magnitude: Double { (yaw * yaw + pitch * pitch).squareRoot() }
    /// Angular deviation of the head alone.
    public var headMagnitude: Double { (headYaw * headYaw + headPitch * headPitch).squareRoot() }
    public var eyesMeasured: Bool { eyeYaw != nil }
}

/// The single face in frame compared with the identity reference.
public struct IdentityCheck: Codable, Sendable, Equatable {
    public var distance: Double
    public var threshold: Double
    /// The frame the reference face came from (nil when it came from a reference image).
    public var referenceFrameIndex: Int?
}

/// The per-frame facts the rules and metrics read, derived once from an observation.
public struct FrameAssessment: Sendable {
    public let observation: FrameObservation
    /// Faces that pass the confidence and size thresholds, largest first.
    public let usableFaces: [FaceObservation]
    public let quality: QualityVerdict
    /// The candidate's face: the largest usable one.
    public var primaryFace: FaceObservation? { usableFaces.first }
    public let gaze: GazeDeviation?
    /// Present on frames with exactly one usable face whose identity was measured, once a reference exists.
    public let identity: IdentityCheck?
    public let metrics: FrameMetrics

    public init(
        observation: FrameObservation, usableFaces: [FaceObservation], quality: QualityVerdict,
        gaze: GazeDeviation?, identity: IdentityCheck? = nil, metrics: FrameMetrics
    ) {
        self.observation = observation
        self.usableFaces = usableFaces
        self.quality = quality
        self.gaze = gaze
        self.identity = identity
        self.metrics = metrics
    }

    /// Highest confidence among faces that were detected but are not usable (0 when none).
    public var bestRejectedFaceConfidence: Double {
        observation.faces.filter { face in !usableFaces.contains(face) }.map(\.confidence).max() ?? 0
    }

    static func usableFaces(in observation: FrameObservation, config: ProctorConfig) -> [FaceObservation] {
        observation.faces.filter(config.faces.isUsable).largestFirst()
    }
}

// The detector rules (objects, people, text, identity) are `.notJudged` on frames where their detector did not run,
// and on frames too dark, bright or blurred to trust a detector: poor video is insufficient evidence, not evidence.
extension FrameAssessment {
    /// Whether the picture is good enough to trust what a detector reports on it.
    var detectorsTrusted: Bool { quality == .ok || quality == .unknown }

    /// Whether a text region is centred on a usable face (the text detector fires on faces).
    public func isOnUsableFace(_ region: TextObservation) -> Bool {
        usableFaces.contains { $0.box.contains(x: region.box.centerX, y: region.box.centerY) }
    }
}
