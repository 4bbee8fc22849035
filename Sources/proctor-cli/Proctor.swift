import ArgumentParser

/// The `proctor` command: analyses interview recordings and reports what it finds, with evidence.
@main
struct Proctor: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "proctor",
        abstract: "Proctor job interviews from video: faces, gaze, posture, with explainable alerts.",
        version: version,
        subcommands: [AnalyzeCommand.self, ServeCommand.self, RescoreCommand.self, VerifyIDCommand.self, ModelsCommand.self, DecodeCommand.self,
                      EvalCommand.self],
        defaultSubcommand: nil)
}
