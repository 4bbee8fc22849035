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
        try refusingWithPath(path) { try analyzer.singleFace(in: $0, role: role, selection: config.faceSelection) }
    }

    /// The live face and the ID card's face of a KYC selfie at `path`, with their descriptors.
    func selfieWithCard(at path: String) throws -> SelfieWithCard {
        try refusingWithPath(path) {
            try analyzer.selfieWithCard(in: $0, role: "selfie-with-id", selection: config.faceSelection)
        }
    }

    /// Loads the image at `path` for `body`; a refused face becomes a one-line error naming the file.
    private func refusingWithPath<T>(_ path: String, _ body: (Frame) throws -> T) throws -> T {
        do {
            return try body(try ImageLoader.load(path: path))
        } catch let error as SingleFaceError {
            throw CLIFailure(message: "\(path): \(error)")
        }
    }
}
