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

    /// Two descriptors closer than this (Euclidean) are taken to be the same person.
    ///
    /// dlib's own threshold is 0.6. On the labelled media it is too loose: the man of the webcam clip `v01` comes out
    /// 0.54-0.60 from three Obama pictures (b01, b07, c01), so 0.6 would merge two people. Measured with YuNet boxes
    /// on 31 faces (identity stills plus frames of four videos, 465 pairs): same-person pairs 0.26-0.44 on the stills
    /// (Obama b01/b02 0.36, Jolie i01/i02 0.39, Johansson i05/i06 0.40) and 0.11-0.37 between frames of one video
    /// at interview framing; all 442 different-person pairs 0.54 and up (0.79 and up among b01, b02, b04, i01, i02,
    /// i05, i06). The exception is small faces: three frames of the stage video (faces about 80 pixels wide) are
    /// 0.52-0.55 apart, so below about 100 pixels of face width a "different person" answer is weak evidence.
    public static let samePersonThreshold = 0.5

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
