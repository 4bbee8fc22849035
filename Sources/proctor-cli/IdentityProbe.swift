import Foundation
import LocalVision
import ProctorBackends
import ProctorEngine
import ProctorMedia

/// Finds the one face in a still image and measures its identity descriptor (reference faces, ID documents).
struct IdentityProbe {
    let analyzer: LocalAnalyzer
    let config: ProctorConfig

    init(modelDirectory: URL, config: ProctorConfig) throws {
        var options = LocalAnalysisOptions(config: config, schedule: .everyFrame)
        options.expressions = false
        options.objects = false
        options.text = false
        analyzer = try LocalAnalyzer(modelDirectory: modelDirectory, options: options)
        self.config = config
    }

    /// The face of the image at `path` (the only one, or clearly the largest), its descriptor and how many other
    /// usable faces the image had; `role` names the image in errors.
    func face(at path: String, role: String) throws
        -> (face: FaceObservation, descriptor: IdentityDescriptor, otherFaces: Int)
    {
        do {
            return try analyzer.singleFace(
                in: try ImageLoader.load(path: path), role: role, selection: config.faceSelection)
        } catch let error as SingleFaceError {
            throw CLIFailure(message: "\(path): \(error)")
        }
    }

    /// The live face and the ID card's face of a KYC selfie at `path`, with their descriptors.
    func selfieWithCard(at path: String) throws
        -> (
            live: FaceObservation, liveDescriptor: IdentityDescriptor, card: FaceObservation,
            cardDescriptor: IdentityDescriptor, otherFaces: Int
        )
    {
        do {
            return try analyzer.selfieWithCard(
                in: try ImageLoader.load(path: path), role: "selfie-with-id", selection: config.faceSelection)
        } catch let error as SingleFaceError {
            throw CLIFailure(message: "\(path): \(error)")
        }
    }
}
