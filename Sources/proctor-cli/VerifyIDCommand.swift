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

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Descriptor distance above which the faces are different people (default: the model's).")
    var threshold: Double?

    func run() throws {
        do {
            let probe = try IdentityProbe(
                modelDirectory: try modelOptions.directory(),
                config: ProctorConfig())
            let onDocument = try probe.face(at: document, role: "document")
            let live = try probe.face(at: face, role: "face")
            guard let comparison = IdentityComparison(onDocument.descriptor, live.descriptor, threshold: threshold)
            else {
                throw CLIFailure(message: "the backend gave no descriptor vectors to compare")
            }
            let verdict = IdentityVerdict(
                comparison: comparison,
                document: .init(file: document, onDocument.face, otherFaces: onDocument.otherFaces),
                live: .init(file: face, live.face, otherFaces: live.otherFaces), model: probe.analyzer.models)
            print(try ReportCoding.json(verdict), terminator: "")
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure(message: "\(error)")
        }
    }
}
