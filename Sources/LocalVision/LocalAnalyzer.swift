import CVision
import Foundation
import ProctorEngine

/// The embedded backend: YuNet faces, landmark head pose, iris-based eye direction and image quality, all on the
/// CPU through OpenCV. Not thread-safe: use one instance per thread.
public final class LocalAnalyzer: FrameAnalyzer {
    public let backendName = "local"
    public let models: [ModelInfo]
    /// Faces are reported down to this detector score; the engine decides which are usable.
    public static let candidateScore: Float = 0.3
    static let nmsThreshold: Float = 0.3
    static let maxFaces = 64
    static let faceModelId = "yunet_n_320"

    private let detector: OpaquePointer

    /// Loads the models from `directory` after checking each against the manifest's sha256.
    public init(modelDirectory directory: URL) throws {
        let manifest = try ModelManifest.load(from: directory)
        let status = ModelStatus.check(try manifest.entry(Self.faceModelId), in: directory)
        guard status.present else { throw ModelError.missing(status.entry.file, directory.path) }
        guard status.verified else {
            throw ModelError.checksumMismatch(status.entry.file, expected: status.entry.sha256,
                                              actual: status.actualSHA256 ?? "")
        }
        var handle: OpaquePointer?
        var error = [CChar](repeating: 0, count: 512)
        guard cvn_face_detector_create(status.path.path, 320, &handle, &error, error.count) == Int32(CV_OK),
              let handle else {
            throw ModelError.loadFailed(status.entry.file, stringFromCBuffer(error))
        }
        detector = handle
        models = [ModelInfo(id: status.entry.id, file: status.entry.file, sha256: status.entry.sha256, verified: true)]
    }

    deinit { cvn_face_detector_destroy(detector) }

    public func analyze(_ frame: Frame) throws -> FrameObservation {
        try frame.pixels.withUnsafeBufferPointer { buffer in
            let image = cvn_image(pixels: buffer.baseAddress, width: Int32(frame.width), height: Int32(frame.height),
                                  stride: Int32(frame.width * 3))
            let faces = try detectFaces(image, frame: frame)
            return FrameObservation(index: frame.index, timestamp: frame.timestamp, faces: faces,
                                    quality: try quality(image))
        }
    }

    private func detectFaces(_ image: cvn_image, frame: Frame) throws -> [FaceObservation] {
        var found = [cvn_face](repeating: cvn_face(), count: Self.maxFaces)
        var count: Int32 = 0
        var error = [CChar](repeating: 0, count: 512)
        guard cvn_face_detector_detect(detector, image, Self.candidateScore, Self.nmsThreshold, &found,
                                       Int32(Self.maxFaces), &count, &error, error.count) == Int32(CV_OK) else {
            throw AnalysisError.detectorFailed(stringFromCBuffer(error))
        }
        let width = Double(frame.width), height = Double(frame.height)
        return found.prefix(min(Int(count), Self.maxFaces)).map { face in
            let points = withUnsafeBytes(of: face.landmarks) { Array($0.bindMemory(to: Float.self)) }
                .map { Double($0) }
            let pixel = (0..<5).map { CGPoint(x: points[2 * $0], y: points[2 * $0 + 1]) }
            let kinds: [Landmark.Kind] = [.rightEye, .leftEye, .nose, .mouthRight, .mouthLeft]
            let landmarks = zip(kinds, pixel).map { Landmark(type: $0, x: $1.x / width, y: $1.y / height) }
            let pose = HeadPoseEstimator.estimate(leftEye: pixel[0], rightEye: pixel[1], nose: pixel[2],
                                                  mouthLeft: pixel[3], mouthRight: pixel[4])
            let eyes = pose.flatMap {
                EyeDirectionEstimator.estimate(image: image, leftEye: pixel[0], rightEye: pixel[1], pose: $0)
            }
            let left = max(0, Double(face.x)), top = max(0, Double(face.y))
            let right = min(width, Double(face.x + face.width)), bottom = min(height, Double(face.y + face.height))
            let box = BoundingBox(left: left / width, top: top / height, width: max(0, right - left) / width,
                                  height: max(0, bottom - top) / height)
            return FaceObservation(box: box, confidence: Double(face.score), landmarks: landmarks, pose: pose,
                                   eyeDirection: eyes)
        }
    }

    private func quality(_ image: cvn_image) throws -> ImageQuality {
        var brightness: Float = 0, sharpness: Float = 0
        var error = [CChar](repeating: 0, count: 256)
        guard cvn_image_quality(image, &brightness, &sharpness, &error, error.count) == Int32(CV_OK) else {
            throw AnalysisError.qualityFailed(stringFromCBuffer(error))
        }
        return ImageQuality(brightness: Double(brightness), sharpness: Double(sharpness))
    }
}

/// A failure inside the local backend on one frame.
public enum AnalysisError: Error, CustomStringConvertible {
    case detectorFailed(String)
    case qualityFailed(String)

    public var description: String {
        switch self {
        case .detectorFailed(let reason): return "face detection failed: \(reason)"
        case .qualityFailed(let reason): return "image quality measurement failed: \(reason)"
        }
    }
}
