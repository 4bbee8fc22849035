import CVision
import Foundation
import ProctorCore
import ProctorMedia

/// MediaPipe's face mesh and iris models (converted to ONNX at setup): each eye's corners, lids and iris centre, and
/// the 478 face landmarks (mesh and irises) the blendshape model reads, in the pixels of the image. About 2.3 ms for
/// the mesh and 2.7 ms per eye on the 2-core machine. Not thread-safe: use one instance per thread.
final class EyeLandmarker {
    /// One eye, the image-left corner first.
    struct Eye {
        var cornerLeft: CGPoint
        var cornerRight: CGPoint
        var iris: CGPoint
        var upperLid: CGPoint
        var lowerLid: CGPoint
    }

    static let meshModelId = "mp_face_mesh_468"
    static let irisModelId = "mp_iris"

    let models: [ModelInfo]
    private let handle: OpaquePointer

    init(modelDirectory directory: URL) throws {
        let mesh = try VerifiedModelFile.locate(Self.meshModelId, in: directory)
        let iris = try VerifiedModelFile.locate(Self.irisModelId, in: directory)
        handle = try checkedCreate(
            { cvn_eye_model_create(mesh.path.path, iris.path.path, &$0, $1, $2) },
            failure: { ModelError.loadFailed("\(mesh.info.file) + \(iris.info.file)", $0) })
        models = [mesh.info, iris.info]
    }

    deinit { cvn_eye_model_destroy(handle) }

    /// Both eyes (image-left first) of the face in `box`, whose eye line runs from `leftEye` to `rightEye` (image
    /// left to image right), the mesh model's face presence probability, and, when `withLandmarks`, the 478
    /// landmarks as x, y pairs in image pixels (MediaPipe's refined layout: mesh, then each eye's iris).
    func locate(image: cvn_image, box: PixelBox, leftEye: CGPoint, rightEye: CGPoint, withLandmarks: Bool) throws
        -> (eyes: [Eye], faceScore: Double, landmarks: [Float]?)
    {
        var eyes = [cvn_eye](repeating: cvn_eye(), count: 2)
        var score: Float = 0
        var landmarks = [Float](repeating: 0, count: withLandmarks ? Int(CVN_FACE_LANDMARKS) * 2 : 0)
        try landmarks.withUnsafeMutableBufferPointer { points in
            try checkedCall(
                {
                    cvn_eye_model_locate(
                        handle, image, Float(box.x), Float(box.y), Float(box.width), Float(box.height),
                        Float(leftEye.x), Float(leftEye.y), Float(rightEye.x), Float(rightEye.y), &eyes,
                        withLandmarks ? points.baseAddress : nil, Int32(points.count), &score, $0, $1)
                }, failure: { VisionError(.iris, $0) })
        }
        return (
            eyes.map { eye in
                Eye(
                    cornerLeft: CGPoint(x: Double(eye.corner_left_x), y: Double(eye.corner_left_y)),
                    cornerRight: CGPoint(x: Double(eye.corner_right_x), y: Double(eye.corner_right_y)),
                    iris: CGPoint(x: Double(eye.iris_x), y: Double(eye.iris_y)),
                    upperLid: CGPoint(x: Double(eye.upper_x), y: Double(eye.upper_y)),
                    lowerLid: CGPoint(x: Double(eye.lower_x), y: Double(eye.lower_y)))
            }, Double(score), withLandmarks ? landmarks : nil
        )
    }
}
