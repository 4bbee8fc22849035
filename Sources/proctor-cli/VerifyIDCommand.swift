import ArgumentParser
import Foundation
import LocalVision
import ProctorEngine
import ProctorMedia

/// `proctor verify-id --document ID.jpg --face live.jpg`, or `proctor verify-id --selfie-with-id selfie.jpg`: is the
/// live face the person on the ID document?
struct VerifyIDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-id",
        abstract: "Compare the face on an ID document with a live face; print a JSON verdict.",
        discussion: """
            Give the document and the live face as two images (--document and --face), or one KYC selfie holding \
            the ID card beside the face (--selfie-with-id): there the largest face is the live one and the next \
            largest the card's. A face that is clearly the largest is taken from a photo with smaller faces \
            behind it; an ambiguous image is refused, never guessed.
            """)

    @Option(help: "Image of the ID document (one face on it, or clearly the largest).")
    var document: String?

    @Option(help: "Image of the live face (one face in it, or clearly the largest).")
    var face: String?

    @Option(help: "One selfie showing the live face and the ID card held beside it, instead of --document and --face.")
    var selfieWithId: String?

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Descriptor distance above which the faces are different people (default: the model's).")
    var threshold: Double?

    func validate() throws {
        if selfieWithId != nil {
            guard document == nil, face == nil else {
                throw ValidationError("give either --selfie-with-id or --document with --face, not both")
            }
        } else if document == nil || face == nil {
            throw ValidationError("give --document and --face, or --selfie-with-id")
        }
    }

    func run() throws {
        do {
            let probe = try IdentityProbe(modelDirectory: try modelOptions.directory(), config: ProctorConfig())
            let verdict = try selfieWithId.map { try compareSelfie(at: $0, probe: probe) } ?? compareTwoImages(probe)
            print(try ReportCoding.json(verdict), terminator: "")
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure(message: "\(error)")
        }
    }

    private func compareTwoImages(_ probe: IdentityProbe) throws -> IdentityVerdict {
        let document = document!
        let face = face!
        let onDocument = try probe.face(at: document, role: "document")
        let live = try probe.face(at: face, role: "face")
        return IdentityVerdict(
            comparison: try compare(onDocument.descriptor, live.descriptor),
            document: .init(file: document, onDocument.face, otherFaces: onDocument.otherFaces),
            live: .init(file: face, live.face, otherFaces: live.otherFaces), model: probe.analyzer.models)
    }

    private func compareSelfie(at path: String, probe: IdentityProbe) throws -> IdentityVerdict {
        let selfie = try probe.selfieWithCard(at: path)
        return IdentityVerdict(
            comparison: try compare(selfie.cardDescriptor, selfie.liveDescriptor),
            document: .init(file: path, selfie.card, otherFaces: selfie.otherFaces),
            live: .init(file: path, selfie.live, otherFaces: selfie.otherFaces), model: probe.analyzer.models)
    }

    private func compare(_ document: IdentityDescriptor, _ live: IdentityDescriptor) throws -> IdentityComparison {
        guard let comparison = IdentityComparison(document, live, threshold: threshold) else {
            throw CLIFailure(message: "the backend gave no descriptor vectors to compare")
        }
        return comparison
    }
}
