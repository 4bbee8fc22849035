import Foundation
import LocalVision
import ProctorEngine
import ProctorMedia

/// Finds the one face in a still image and measures its identity descriptor (reference faces, ID documents).
struct IdentityProbe {
    let analyzer: LocalAnalyzer
    let config: ProctorConfig

    init(modelDirectory: URL, config: ProctorConfig) throws {
        var options = LocalAnalysisOptions()
        options.expressions = false
        options.objects = false
        options.text = false
        options.schedule = DetectorSchedule(objectInterval: 0, textInterval: 0, identityInterval: 0)  // every image
        analyzer = try LocalAnalyzer(modelDirectory: modelDirectory, options: options)
        self.config = config
    }

    /// The single usable face of the image at `path` with its descriptor; `role` names the image in errors.
    func face(at path: String, role: String) throws -> (face: FaceObservation, descriptor: IdentityDescriptor) {
        let observation = try analyzer.analyze(try ImageLoader.load(path: path))
        let usable = observation.faces.filter(config.isUsable)
        guard !usable.isEmpty else { throw CLIFailure(message: "\(role) \(path): no face found") }
        guard usable.count == 1 else {
            throw CLIFailure(message: "\(role) \(path): \(usable.count) faces found; give an image with exactly one face")
        }
        guard let descriptor = usable[0].identity else {
            throw CLIFailure(message: "\(role) \(path): the face is too small or too turned to describe")
        }
        return (usable[0], descriptor)
    }
}
