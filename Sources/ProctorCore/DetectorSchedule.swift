/// Decides, frame by frame, which of the expensive detectors run. Time-based (seconds of video), so the cost per
/// minute of video does not grow with `--fps`:
/// - objects: on a scene change, else every `objectInterval` seconds;
/// - text: on a scene change at least `textSceneChangeGap` (5) seconds after its last run, else every `textInterval`
///   seconds;
/// - identity: when a face track starts (the previous sampled frame had no face, or the face jumped by more than
///   its width), on a scene change, else every `identityInterval` seconds.
/// A scene change is a low correlation between consecutive tiny grey thumbnails (robust to a shaky camera, which
/// shifts brightness and detail but keeps the picture's layout).
/// What it can miss: an object or text that appears and disappears between two runs without a scene change.
public struct DetectorSchedule: Sendable {
    public var objectInterval: Double
    public var textInterval: Double
    public var identityInterval: Double
    /// Consecutive 32x18 grey thumbnails whose Pearson correlation falls below this are a scene change. Measured at
    /// 2 fps: hard cuts 0.01-0.23 (v05, a spliced clip); a shaky handheld shot 0.26-0.69 (v04); a steady webcam 0.99.
    public static let sceneChangeCorrelation = 0.25
    /// For flat thumbnails (no contrast to correlate): the mean absolute difference (0-255) that is a scene change.
    public static let flatSceneChangeDifference = 25.0
    public static let thumbnailWidth = 32, thumbnailHeight = 18
    /// Seconds since the last text run before a scene change forces another.
    public static let textSceneChangeGap = 5.0

    private var lastObjects: Double?
    private var lastText: Double?
    private var lastIdentity: Double?
    private var previousThumbnail: [UInt8]?
    /// The largest face of the previous sampled frame: centre and width in pixels.
    private var previousFace: (x: Double, y: Double, width: Double)?

    /// Every detector on every frame: for stills (one frame each) and per-frame diagnostics.
    public static var everyFrame: DetectorSchedule {
        DetectorSchedule(objectInterval: 0, textInterval: 0, identityInterval: 0)
    }

    /// `identityInterval` is 1 s by default: a different person taking the seat without a cut or a jump of the face
    /// track must be caught within 3 s (two examined frames beyond the threshold), and a descriptor costs about
    /// 30 ms with OpenBLAS.
    public init(objectInterval: Double = 3, textInterval: Double = 20, identityInterval: Double = 1) {
        self.objectInterval = objectInterval
        self.textInterval = textInterval
        self.identityInterval = identityInterval
    }

    /// Whether this frame is a scene change (the first frame is); remembers the thumbnail for the next frame.
    public mutating func isSceneChange(thumbnail: [UInt8]) -> Bool {
        defer { previousThumbnail = thumbnail }
        guard let previous = previousThumbnail, previous.count == thumbnail.count, !thumbnail.isEmpty else {
            return previousThumbnail == nil
        }
        let a = previous.map(Double.init)
        let b = thumbnail.map(Double.init)
        let count = Double(a.count)
        let meanA = a.reduce(0, +) / count
        let meanB = b.reduce(0, +) / count
        var covariance = 0.0
        var varianceA = 0.0
        var varianceB = 0.0
        var absoluteDifference = 0.0
        for (x, y) in zip(a, b) {
            covariance += (x - meanA) * (y - meanB)
            varianceA += (x - meanA) * (x - meanA)
            varianceB += (y - meanB) * (y - meanB)
            absoluteDifference += abs(x - y)
        }
        let flat = varianceA / count < 1 || varianceB / count < 1
        if flat { return absoluteDifference / count > Self.flatSceneChangeDifference }
        return covariance / (varianceA * varianceB).squareRoot() < Self.sceneChangeCorrelation
    }

    /// Whether the largest face starts a new track: the previous sampled frame had no face, or the face's centre moved
    /// by more than its width. Call it on every frame (with nil when there is no face): it remembers the face.
    public mutating func isNewFaceTrack(_ face: BoundingBox?, frameWidth: Int, frameHeight: Int) -> Bool {
        let current = face.map { box in
            (
                x: box.centerX * Double(frameWidth), y: box.centerY * Double(frameHeight),
                width: box.width * Double(frameWidth)
            )
        }
        defer { previousFace = current }
        guard let current, let previous = previousFace else { return true }
        let dx = current.x - previous.x
        let dy = current.y - previous.y
        return (dx * dx + dy * dy).squareRoot() > previous.width
    }

    public mutating func shouldDetectObjects(at time: Double, sceneChange: Bool) -> Bool {
        Self.due(&lastObjects, at: time, every: objectInterval, forced: sceneChange)
    }

    /// Text is the costliest detector: a scene change forces a run only when the last one is at least
    /// `textSceneChangeGap` seconds old (footage with rapid cuts would otherwise run it on every cut).
    public mutating func shouldDetectText(at time: Double, sceneChange: Bool) -> Bool {
        let stale = lastText.map { time - $0 >= Self.textSceneChangeGap } ?? true
        return Self.due(&lastText, at: time, every: textInterval, forced: sceneChange && stale)
    }

    public mutating func shouldDescribeIdentity(at time: Double, newTrack: Bool, sceneChange: Bool) -> Bool {
        Self.due(&lastIdentity, at: time, every: identityInterval, forced: newTrack || sceneChange)
    }

    private static func due(_ last: inout Double?, at time: Double, every interval: Double, forced: Bool) -> Bool {
        guard forced || last.map({ time - $0 >= interval - 1e-6 }) ?? true else { return false }
        last = time
        return true
    }
}
