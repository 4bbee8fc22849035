/// Decides, frame by frame, which of the expensive detectors run. Time-based (seconds of video), so the cost per
/// minute of video does not grow with `--fps`:
/// - objects: on a scene change, else every `objectInterval` seconds;
/// - text: on a scene change, else every `textInterval` seconds;
/// - identity: when a face track starts (the previous sampled frame had no face, or the face jumped by more than
///   its width), on a scene change, else every `identityInterval` seconds.
/// What it can miss: an object or text that appears and disappears between two runs without a scene change.
public struct DetectorSchedule: Sendable {
    public var objectInterval: Double
    public var textInterval: Double
    public var identityInterval: Double
    /// Mean absolute difference (0-255) between consecutive 32x18 grey thumbnails that counts as a scene change.
    public static let sceneChangeThreshold = 25.0
    public static let thumbnailWidth = 32, thumbnailHeight = 18

    private var lastObjects: Double?
    private var lastText: Double?
    private var lastIdentity: Double?
    private var previousThumbnail: [UInt8]?

    public init(objectInterval: Double = 2, textInterval: Double = 10, identityInterval: Double = 30) {
        self.objectInterval = objectInterval
        self.textInterval = textInterval
        self.identityInterval = identityInterval
    }

    /// Whether this frame is a scene change; remembers the thumbnail for the next frame.
    public mutating func isSceneChange(thumbnail: [UInt8]) -> Bool {
        defer { previousThumbnail = thumbnail }
        guard let previous = previousThumbnail, previous.count == thumbnail.count, !thumbnail.isEmpty else {
            return previousThumbnail == nil
        }
        let total = zip(previous, thumbnail).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        return Double(total) / Double(thumbnail.count) > Self.sceneChangeThreshold
    }

    public mutating func shouldDetectObjects(at time: Double, sceneChange: Bool) -> Bool {
        Self.due(&lastObjects, at: time, every: objectInterval, forced: sceneChange)
    }

    public mutating func shouldDetectText(at time: Double, sceneChange: Bool) -> Bool {
        Self.due(&lastText, at: time, every: textInterval, forced: sceneChange)
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
