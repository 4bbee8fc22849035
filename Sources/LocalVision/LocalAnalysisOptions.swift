import ProctorCore

/// What the local backend runs and how often. Everything is on by default; the expensive detectors follow
/// `schedule`.
public struct LocalAnalysisOptions: Sendable {
    /// Apparent facial expression per usable face (about 3 ms a face).
    public var expressions = true
    /// COCO objects (phones, books, laptops, screens, people): YOLOv4-tiny, about 60-170 ms a run.
    public var objects = true
    /// Visible text regions: PP-OCRv4 detector, about 0.1-0.2 s a run.
    public var text = true
    /// Read the text inside the regions found (Tesseract; off by default: about 0.1-1 s per region).
    public var readText = false
    /// Identity descriptors of the candidate's face: dlib, about 30-70 ms a run with OpenBLAS.
    public var identity = true
    /// Objects below this confidence are not reported (the engine's per-class thresholds decide the rest).
    public var objectMinScore: Float = 0.05
    /// Text regions below this detector score are not reported.
    public var textMinScore: Float = TextDetector.defaultMinScore
    public var schedule = DetectorSchedule()
    /// Faces scoring below this get no expression and no identity descriptor (the engine will not use them).
    public var minFaceScore: Float = 0.5

    public init() {}
}
