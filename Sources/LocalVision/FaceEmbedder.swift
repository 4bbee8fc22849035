import CVision
import Foundation
import ProctorCore
import ProctorMedia

/// Face identity descriptors: dlib's 5-point shape predictor aligns a 150x150 chip inside a face box and dlib's
/// ResNet (`dlib_face_recognition_resnet_model_v1`) turns it into 128 numbers; two faces belong to the same person
/// when the Euclidean ``distance(_:_:)`` between their descriptors is below ``samePersonThreshold``.
///
/// Speed depends on the BLAS behind Debian's dlib: about 30 ms per descriptor with OpenBLAS (`libopenblas0` as the
/// `libblas.so.3` alternative), 0.22-0.45 s with the reference BLAS (`libblas3`) on a shared 2-core machine. Either
/// way compute descriptors sparingly (when a face track starts, then every few seconds), not on every frame.
/// Not thread-safe: use one instance per thread.
public final class FaceEmbedder {
    /// Manifest id of the 5-point shape predictor.
    public static let shapePredictorId = "dlib_shape_predictor_5"
    /// Manifest id of the descriptor network.
    public static let recognitionModelId = "dlib_face_recognition_resnet"
    /// Number of values in a descriptor.
    public static let descriptorSize = Int(CVN_FACE_DESCRIPTOR_SIZE)

    /// Two descriptors at most this far apart (Euclidean) are taken to be the same person: 0.54, chosen on one half
    /// of the identity set and checked on the other (`proctor eval`, docs/ACCURACY.md).
    ///
    /// `identity/pairs.csv` of the shared media labels all 561 pairs of 34 photos of 7 people. Calibration half (pairs
    /// of odd-numbered photos, 171 pairs, through the verify-id face rule): same-person pairs at most 0.450,
    /// different-person pairs at least 0.620 (jack_dorsey_03 against leonardo_dicaprio_03); the midpoint, 0.535,
    /// rounded to two decimals. Held-out half (pairs of even-numbered photos, 105): same-person at most 0.463,
    /// different-person at least 0.741, so every pair is right. The earlier 0.5 rejected genuine pairs of photos not
    /// in the shared media (up to 0.596), which 0.54 still does for the farthest of them. dlib also puts some
    /// different people at 0.54-0.59 on the shared videos (the man of `v01` against Obama stills): a single distance
    /// near the threshold is weak evidence, so the running check (`face_mismatch`) needs two consecutive examined
    /// frames beyond it.
    public static let samePersonThreshold = 0.54

    /// Faces narrower than this (pixels) get no descriptor: on the shared stage video, faces about 80 pixels wide
    /// come out 0.52-0.55 from their own person, so no verdict is better than a weak one.
    public static let minFaceWidth = 80.0
    /// Faces turned further than this (degrees of head yaw) get no descriptor: the aligned chip of a profile is not
    /// comparable with a frontal reference.
    public static let maxYaw = 30.0

    /// Whether a face is large and frontal enough for a descriptor worth comparing (`width` in pixels).
    public static func canDescribe(width: Double, pose: HeadPose?) -> Bool {
        width >= minFaceWidth && abs(pose?.yaw ?? 0) <= maxYaw
    }

    /// The two model files in use (shape predictor, then network), checked against the manifest's sha256 when loaded.
    public let models: [ModelInfo]

    private let handle: OpaquePointer

    /// Loads `shape_predictor_5_face_landmarks.dat` and `dlib_face_recognition_resnet_model_v1.dat` from `directory`
    /// after checking each against the manifest's sha256 (about 0.3 s).
    public init(modelDirectory directory: URL) throws {
        let predictor = try VerifiedModelFile.locate(Self.shapePredictorId, in: directory)
        let network = try VerifiedModelFile.locate(Self.recognitionModelId, in: directory)
        handle = try checkedCreate(
            { cvn_face_embedder_create(predictor.path.path, network.path.path, &$0, $1, $2) },
            failure: { ModelError.loadFailed("\(predictor.info.file) + \(network.info.file)", $0) })
        models = [predictor.info, network.info]
    }

    deinit { cvn_face_embedder_destroy(handle) }

    /// The 128-value descriptor of the face inside `box`, given in pixels of `frame` (a face detector's box, such as
    /// YuNet's, used as it is). Throws when the box is empty, not finite or entirely outside the image.
    public func descriptor(_ frame: Frame, face box: PixelBox) throws -> [Float] {
        try frame.withCImage { try descriptor(image: $0, box: box) }
    }

    func descriptor(image: cvn_image, box: PixelBox) throws -> [Float] {
        var descriptor = [Float](repeating: 0, count: Self.descriptorSize)
        try descriptor.withUnsafeMutableBufferPointer { output in
            try checkedCall(
                {
                    cvn_face_embedder_embed(
                        handle, image, Float(box.x), Float(box.y), Float(box.width), Float(box.height),
                        output.baseAddress, $0, $1)
                }, failure: { VisionError(.faceDescriptor, $0) })
        }
        return descriptor
    }

    /// The descriptor of the face inside `box` of `frame`; `box` is relative (0-1), like ``FaceObservation/box``.
    public func descriptor(frame: Frame, box: BoundingBox) throws -> [Float] {
        try descriptor(frame, face: PixelBox(box, in: frame))
    }

    /// Euclidean distance between two descriptors; below ``samePersonThreshold`` means the same person.
    public static func distance(_ a: [Float], _ b: [Float]) -> Double { IdentityDescriptor.distance(a, b) }
}
