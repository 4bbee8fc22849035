import ArgumentParser
import Foundation

/// The `proctor` command: analyses interview recordings and reports what it finds, with evidence.
@main
struct Proctor: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "proctor",
        abstract: "Proctor job interviews from video: faces, gaze, posture, with explainable alerts.",
        version: version,
        subcommands: [
            AnalyzeCommand.self, ServeCommand.self, RescoreCommand.self, VerifyIDCommand.self, ModelsCommand.self,
            DecodeCommand.self,
            EvalCommand.self,
        ],
        defaultSubcommand: nil)

    /// Runs the command with owner-only permissions on everything it creates (umask 077: folders 0700, files 0600),
    /// whatever the caller's umask: reports, evidence face crops, the server's database and logs hold personal data.
    static func main() async {
        umask(0o077)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
