import ProctorCore

/// What the Rekognition backend calls and when. Each call is billed, so the schedule matters: DetectFaces runs on
/// every sampled frame, DetectLabels and DetectText on the detector schedule (time and scene changes), CompareFaces
/// on the identity schedule (time, new face tracks, scene changes).
public struct RekognitionOptions: Sendable {
    /// The operations allowed; DetectFaces is required (no rule can judge a frame without faces).
    public var operations: Set<RekognitionOperation> = Set(RekognitionOperation.allCases)
    public var schedule = DetectorSchedule()
    /// DetectLabels' `MinConfidence` (percent): labels below it are not returned.
    public var labelMinConfidence = 50.0
    /// CompareFaces similarity (percent) from which a face is the reference person.
    public var similarityThreshold = Self.defaultSimilarityThreshold
    public static let defaultSimilarityThreshold = 80.0
    /// Rekognition's limit for image bytes in a request.
    public var maxImageBytes = 5 * 1024 * 1024
    /// Decides which faces are usable and which may become the identity reference when none is given (the first
    /// confident single face): the engine's checks, passed in by whoever builds the backend.
    public var faceSelection: FaceSelection

    public init(faceSelection: FaceSelection) {
        self.faceSelection = faceSelection
    }

    /// The distance threshold the engine compares with: distance = 1 - similarity / 100.
    public var sameThreshold: Double { (100 - similarityThreshold) / 100 }
}
