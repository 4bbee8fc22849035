/// One sampled frame in the report's timeline and in a live frame response.
public struct FrameRecord: Codable, Sendable, Equatable {

    public var index: Int
    public var timestamp: Double
    /// Usable faces (passing the confidence and size thresholds).
    public var faceCount: Int
    /// All face detections the backend returned, usable or not.
    public var detectedFaces: Int
    public var quality: ImageQuality?
    public var qualityVerdict: QualityVerdict
    /// Of the candidate's (largest usable) face.
    public var faceConfidence: Double?
    public var pose: HeadPose?
    public var eyeDirection: EyeDirection?
    public var gazeDeviation: GazeDeviation?
    /// Apparent facial expression probabilities of the candidate's face (absent with `--no-expressions`).
    public var expressions: [String: Double]?
    /// The apparent expression with the highest probability (the seed API's name for it).
    public var dominantEmotion: String?
    /// Descriptor distance of the single face to the identity reference, on frames where it was measured.
    public var identityDistance: Double?
    /// Of the candidate's face, where the backend measures them (Rekognition).
    public var eyesOpen: FaceAttribute?
    public var mouthOpen: FaceAttribute?
    public var faceQuality: FaceQuality?
    /// What the object detector found, on frames where it ran.
    public var objects: [ObjectObservation]?
    /// Text regions found, on frames where the text detector ran.
    public var text: [TextObservation]?
    public var metrics: FrameMetrics
    /// Why the backend could not analyse this frame; absent on analysed frames.
    public var unanalysedReason: String?
    /// Events already raised that this frame belongs to.
    public var alerts: [FrameAlert]
}

/// How each sampled frame was classified. The four classes do not overlap.
public struct Coverage: Codable, Sendable, Equatable {
    public enum Category: String, Codable, Sendable {
        case oneFace = "one_face"
        case noFace = "no_face"
        case multipleFaces = "multiple_faces"
        /// No usable face and a picture too poor to tell.
        case poorQuality = "poor_quality"
        /// The backend could not analyse the frame (see `FrameObservation.unanalysedReason`).
        case unanalysed
    }

    public var frames = 0
    public var oneFace = 0
    public var noFace = 0
    public var multipleFaces = 0
    public var poorQuality = 0
    public var unanalysed = 0

    public init() {}

    static func category(of assessment: FrameAssessment) -> Category {
        switch assessment.usableFaces.count {
        case 1: return .oneFace
        case 2...: return .multipleFaces
        default:
            if assessment.quality == .unanalysed { return .unanalysed }
            return assessment.quality.isPoor ? .poorQuality : .noFace
        }
    }

    mutating func count(_ category: Category) {
        frames += 1
        switch category {
        case .oneFace: oneFace += 1
        case .noFace: noFace += 1
        case .multipleFaces: multipleFaces += 1
        case .poorQuality: poorQuality += 1
        case .unanalysed: unanalysed += 1
        }
    }

    /// Frames in a category.
    public func count(of category: Category) -> Int {
        switch category {
        case .oneFace: return oneFace
        case .noFace: return noFace
        case .multipleFaces: return multipleFaces
        case .poorQuality: return poorQuality
        case .unanalysed: return unanalysed
        }
    }

    /// Share (0-1) of the sampled frames in a category; 0 when no frame was sampled.
    public func share(_ category: Category) -> Double {
        frames > 0 ? Double(count(of: category)) / Double(frames) : 0
    }
}
