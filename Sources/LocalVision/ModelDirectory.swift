import Foundation

/// Finds the models folder: `--models DIR` when given, else `$PROCTOR_MODELS`, else the first `models/` folder
/// holding a `manifest.json` found walking up from the executable (a build inside the project finds the project's
/// own), else from the current directory.
public enum ModelDirectory {
    public static let environmentVariable = "PROCTOR_MODELS"

    public static func resolve(explicit: String? = nil) throws -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let fromEnvironment = ProcessInfo.processInfo.environment[environmentVariable], !fromEnvironment.isEmpty {
            return URL(fileURLWithPath: fromEnvironment)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let starts = [
            executable.deletingLastPathComponent(),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        ]
        for start in starts {
            var folder = start.standardizedFileURL
            while true {
                let candidate = folder.appendingPathComponent("models")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("manifest.json").path) {
                    return candidate
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        throw ModelError.noManifest(FileManager.default.currentDirectoryPath)
    }
}
