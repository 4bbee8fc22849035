import CVision
import Foundation
import ProctorCore
import ProctorMedia

/// YuNet (OpenCV zoo, `face_detection_yunet_2023mar` at 320 px): face boxes, scores and five landmarks, in the
/// pixels of the image it runs on. Not thread-safe: use one instance per thread.
final class FaceDetector {
    /// One detected face.
    struct Detection {
        var box: PixelBox
        var score: Double
        /// YuNet's five points in its order: right eye, left eye, nose tip, right and left mouth corners (the
        /// subject's right and left).
        var landmarks: [CGPoint]
    }

    static let modelId = "yunet_n_320"
    static let inputSize: Int32 = 320
    /// Faces are reported down to this detector score; the engine decides which are usable.
    static let candidateScore: Float = 0.3
    static let nmsThreshold: Float = 0.3
    static let maxFaces = 64

    let model: ModelInfo
    private let handle: OpaquePointer

    /// Loads the model from `directory`, checked against the manifest's sha256.
    init(modelDirectory directory: URL) throws {
        let file = try VerifiedModelFile.locate(Self.modelId, in: directory)
        handle = try checkedCreate(
            { cvn_face_detector_create(file.path.path, Self.inputSize, &$0, $1, $2) },
            failure: { ModelError.loadFailed(file.info.file, $0) })
        model = file.info
    }

    deinit { cvn_face_detector_destroy(handle) }

    /// The faces in `image`, at most `maxFaces`, after non-maximum suppression.
    func detect(image: cvn_image) throws -> [Detection] {
        var found = [cvn_face](repeating: cvn_face(), count: Self.maxFaces)
        var count: Int32 = 0
        try checkedCall(
            {
                cvn_face_detector_detect(
                    handle, image, Self.candidateScore, Self.nmsThreshold, &found, Int32(Self.maxFaces), &count, $0,
                    $1)
            }, failure: { VisionError(.faceDetection, $0) })
        return found.prefix(min(Int(count), Self.maxFaces)).map { face in
            let points = withUnsafeBytes(of: face.landmarks) { Array($0.bindMemory(to: Float.self)) }
            return Detection(
                box: PixelBox(
                    x: Double(face.x), y: Double(face.y), width: Double(face.width), height: Double(face.height)),
                score: Double(face.score),
                landmarks: (0..<5).map { CGPoint(x: Double(points[2 * $0]), y: Double(points[2 * $0 + 1])) })
        }
    }
}
