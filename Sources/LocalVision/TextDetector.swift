import CVision
import Foundation
import ProctorCore
import ProctorMedia

/// A region of visible text in pixels of the image it was found in, with the detector's box score (0-1).
public struct TextRegion: Sendable, Equatable {
    public var box: PixelBox
    public var confidence: Double

    public init(box: PixelBox, confidence: Double) {
        self.box = box
        self.confidence = confidence
    }
}

/// Finds where text is visible in a frame (it does not read it): the PP-OCRv4 DB text detector from the
/// `rapidocr-onnxruntime` package, patched at setup for OpenCV 4.6 (`scripts/convert/ppocr_clip_attrs.py`), run on
/// the CPU through OpenCV. Not thread-safe: use one instance per thread.
///
/// It also fires on some faces (eyes, a wrinkled or close-up face) and on some round objects, with scores as high
/// as real text: a caller that wants "text in view" should discount regions lying on a detected face.
public final class TextDetector {
    /// The manifest id of the patched model.
    public static let modelId = "ppocr_v4_det"
    /// Frames are shrunk so the longer side is at most this many pixels (never enlarged). On the shared stills 640
    /// finds text on every labelled text still, as 736 does, with the same top scores (0.98-1.0); on a 1280x720
    /// frame it takes 70-80% of the time 736 takes (about 0.13 s against 0.17 s on 2 cores), and 736 puts a false
    /// region on one more face-only still (i06). 512 still finds text on all 8 labelled g*/f0* text stills and on
    /// 4 of 20 face-only stills, like 640 (`proctor eval`), and costs about 60% of 640: it keeps the analysis of
    /// the benchmark video near 1.5x of decoding. 480 loses a06's small overlay text.
    public static let defaultMaxSide = 512
    /// Regions scoring below this are dropped. The score is the mean text probability inside the region, which is
    /// already cut at probability 0.3, so nearly every region scores 0.65 or more. On the shared stills at 640 px,
    /// regions on signs, pages and logos scored 0.94-1.0 and on book covers and spines down to 0.73, while false
    /// regions scored from 0.67 (a speck on a building) to 0.98 (a face, a coffee cup, a painting): no threshold
    /// separates those, and 0.7 drops only the faintest specks.
    public static let defaultMinScore: Float = 0.7
    /// Upper bound on regions per frame (the C++ side examines at most 1000 contours).
    static let maxRegions = 1000

    /// The model file in use, checked against the manifest's sha256 when loaded.
    public let model: ModelInfo
    /// The longer-side limit this instance resizes frames to.
    public let maxSide: Int

    private let handle: OpaquePointer

    /// Loads the patched model from `directory` after checking it against the manifest's sha256.
    /// `maxSide` must be a multiple of 32.
    public init(modelDirectory directory: URL, maxSide: Int = TextDetector.defaultMaxSide) throws {
        let file = try VerifiedModelFile.locate(Self.modelId, in: directory)
        handle = try checkedCreate(
            { cvn_text_detector_create(file.path.path, Int32(clamping: maxSide), &$0, $1, $2) },
            failure: { ModelError.loadFailed(file.info.file, $0) })
        self.maxSide = maxSide
        model = file.info
    }

    deinit { cvn_text_detector_destroy(handle) }

    /// Text regions scoring at least `minScore`, best first, in pixels of `frame` (clipped to it).
    public func detect(in frame: Frame, minScore: Float = TextDetector.defaultMinScore) throws -> [TextRegion] {
        try frame.withCImage { try detect(image: $0, minScore: minScore) }
    }

    func detect(image: cvn_image, minScore: Float = TextDetector.defaultMinScore) throws -> [TextRegion] {
        var regions = [cvn_text_region](repeating: cvn_text_region(), count: Self.maxRegions)
        var count: Int32 = 0
        try regions.withUnsafeMutableBufferPointer { buffer in
            try checkedCall(
                {
                    cvn_text_detector_detect(
                        handle, image, minScore, buffer.baseAddress, Int32(buffer.count), &count, $0, $1)
                },
                failure: { VisionError(.textDetection, $0) })
        }
        return regions.prefix(min(Int(count), Self.maxRegions)).map {
            TextRegion(
                box: PixelBox(x: Double($0.x), y: Double($0.y), width: Double($0.width), height: Double($0.height)),
                confidence: Double($0.score))
        }
    }
}
