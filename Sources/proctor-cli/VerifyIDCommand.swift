import ArgumentParser
import Foundation
import LocalVision
import ProctorEngine

/// `proctor verify-id --document ID.jpg --face live.jpg`: is the live face the person on the ID document?
struct VerifyIDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-id",
        abstract: "Compare the face on an ID document with a live face; print a JSON verdict.")

    @Option(help: "Image of the ID document (one face on it).")
    var document: String

    @Option(help: "Image of the live face (one face in it).")
    var face: String

    @Option(help: "Models folder (default: $PROCTOR_MODELS, else the project's models/).")
    var models: String?

    @Option(help: "Descriptor distance above which the faces are different people (default: the model's).")
    var threshold: Double?

    struct Verdict: Encodable {
        struct Face: Encodable {
            var file: String
            var box: BoundingBox
            var confidence: Double
        }
        var samePerson: Bool
        var distance: Double
        var threshold: Double
        var similarity: Double
        var document: Face
        var live: Face
        var model: [ModelInfo]
    }

    func run() throws {
        do {
            let probe = try IdentityProbe(modelDirectory: try ModelDirectory.resolve(explicit: models),
                                          config: ProctorConfig())
            let onDocument = try probe.face(at: document, role: "document")
            let live = try probe.face(at: face, role: "face")
            guard let comparison = IdentityComparison(onDocument.descriptor, live.descriptor, threshold: threshold) else {
                throw CLIFailure(message: "the backend gave no descriptor vectors to compare")
            }
            let verdict = Verdict(
                samePerson: comparison.samePerson, distance: comparison.distance, threshold: comparison.threshold,
                similarity: comparison.similarity,
                document: .init(file: document, box: onDocument.face.box, confidence: onDocument.face.confidence),
                live: .init(file: face, box: live.face.box, confidence: live.face.confidence),
                model: probe.analyzer.models)
            print(try ReportRenderer.json(verdict), terminator: "")
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure(message: "\(error)")
        }
    }
}
