import CVision
import Foundation
import ProctorCore
import ProctorMedia

/// MediaPipe's face blendshape model (Face Landmarker v2, Apache-2.0): 52 ARKit-style scores (0-1) of what a face's
/// muscles do (a smile's corners, a jaw drop, lowered brows), from the 478 landmarks `EyeLandmarker` gives. Its
/// weights are extracted at setup (`scripts/convert/blendshape_weights.py`) and run as plain matrix products in
/// `Sources/CVision/blendshape_model.cpp` on BLAS: about 1 ms a face (up to 6 when BLAS's threads contend with the
/// video decoder). Not thread-safe: use one instance per thread.
final class FaceBlendshapes {
    static let modelId = "mp_face_blendshapes"

    /// The scores' names, in the model's order (MediaPipe's `kBlendshapeNames`).
    static let names = [
        "_neutral", "browDownLeft", "browDownRight", "browInnerUp", "browOuterUpLeft", "browOuterUpRight",
        "cheekPuff", "cheekSquintLeft", "cheekSquintRight", "eyeBlinkLeft", "eyeBlinkRight", "eyeLookDownLeft",
        "eyeLookDownRight", "eyeLookInLeft", "eyeLookInRight", "eyeLookOutLeft", "eyeLookOutRight", "eyeLookUpLeft",
        "eyeLookUpRight", "eyeSquintLeft", "eyeSquintRight", "eyeWideLeft", "eyeWideRight", "jawForward", "jawLeft",
        "jawOpen", "jawRight", "mouthClose", "mouthDimpleLeft", "mouthDimpleRight", "mouthFrownLeft",
        "mouthFrownRight", "mouthFunnel", "mouthLeft", "mouthLowerDownLeft", "mouthLowerDownRight", "mouthPressLeft",
        "mouthPressRight", "mouthPucker", "mouthRight", "mouthRollLower", "mouthRollUpper", "mouthShrugLower",
        "mouthShrugUpper", "mouthSmileLeft", "mouthSmileRight", "mouthStretchLeft", "mouthStretchRight",
        "mouthUpperUpLeft", "mouthUpperUpRight", "noseSneerLeft", "noseSneerRight",
    ]

    let model: ModelInfo
    private let handle: OpaquePointer

    init(modelDirectory directory: URL) throws {
        let file = try VerifiedModelFile.locate(Self.modelId, in: directory)
        handle = try checkedCreate(
            { cvn_blendshape_model_create(file.path.path, &$0, $1, $2) },
            failure: { ModelError.loadFailed(file.info.file, $0) })
        model = file.info
    }

    deinit { cvn_blendshape_model_destroy(handle) }

    /// The 52 scores of the face whose 478 landmarks (x, y pairs in image pixels) are given, by name.
    func scores(landmarks: [Float]) throws -> [String: Double] {
        precondition(landmarks.count == Int(CVN_FACE_LANDMARKS) * 2, "478 x, y pairs expected")
        var scores = [Float](repeating: 0, count: Int(CVN_BLENDSHAPES))
        try scores.withUnsafeMutableBufferPointer { output in
            try checkedCall(
                { cvn_blendshape_model_score(handle, landmarks, output.baseAddress, $0, $1) },
                failure: { VisionError(.expression, $0) })
        }
        return Dictionary(uniqueKeysWithValues: zip(Self.names, scores.map { Double($0) }))
    }
}
