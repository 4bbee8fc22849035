import ArgumentParser
import Foundation
import LocalVision
import ProctorEngine

/// `--models DIR`, for every command that loads models.
struct ModelOptions: ParsableArguments {
    @Option(help: "Models folder (default: $PROCTOR_MODELS, else the project's models/).")
    var models: String?

    /// The models folder asked for, or found.
    func directory() throws -> URL { try ModelDirectory.resolve(explicit: models) }
}

/// `--config FILE`, for every command that judges frames.
struct ConfigOptions: ParsableArguments {
    @Option(help: "JSON file overriding thresholds (see samples/proctor-config.json); unknown keys are an error.")
    var config: String?

    /// The configuration asked for, or the built-in thresholds.
    func load() throws -> ProctorConfig {
        try config.map { try ProctorConfig.load(from: URL(fileURLWithPath: $0)) } ?? ProctorConfig()
    }
}
