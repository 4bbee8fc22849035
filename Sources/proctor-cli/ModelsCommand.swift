import ArgumentParser
import Foundation
import LocalVision
import ProctorEngine

/// `proctor models`: lists each model, where it is, its licence and whether its checksum verifies.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List the models, their location, licence and checksum status.")

    @OptionGroup var modelOptions: ModelOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    struct Row: Encodable {
        var id, file, path, capability, licence, usedBy, source, status: String
        var sha256: String
    }

    func run() throws {
        do {
            let directory = try modelOptions.directory()
            let manifest = try ModelManifest.load(from: directory)
            let rows = manifest.models.map { entry -> Row in
                let status = ModelStatus.check(entry, in: directory)
                let verdict =
                    !status.present
                    ? "missing"
                    : status.verified
                        ? "verified"
                        : "checksum mismatch (got \(status.actualSHA256 ?? ""))"
                return Row(
                    id: entry.id, file: entry.file, path: status.path.path, capability: entry.capability,
                    licence: entry.licence, usedBy: entry.usedBy, source: entry.source.summary,
                    status: verdict, sha256: entry.sha256)
            }
            if json {
                print(try ReportCoding.json(rows), terminator: "")
            } else {
                print("models folder: \(directory.path)")
                for row in rows {
                    print(
                        "\n\(row.id): \(row.status)\n  file: \(row.path)\n  capability: \(row.capability)"
                            + "\n  used by: \(row.usedBy)\n  licence: \(row.licence)\n  source: \(row.source)"
                            + "\n  sha256: \(row.sha256)")
                }
            }
            if rows.contains(where: { $0.status != "verified" }) {
                throw CLIFailure(message: "some models are missing or fail their checksum: run scripts/setup.sh")
            }
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure(message: "\(error)")
        }
    }
}
