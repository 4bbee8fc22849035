import Foundation

/// Runs the `ffmpeg` command-line tool (from the setup's Debian packages) for the evaluation's robustness variants.
enum FFmpegTool {
    /// Runs `ffmpeg -loglevel error -y ARGUMENTS`; throws with its error output when it fails.
    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-loglevel", "error", "-y"] + arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw VariantError(description: "ffmpeg \(arguments.joined(separator: " ")) failed: \(message)")
        }
    }
}

/// A robustness variant could not be made.
struct VariantError: Error, CustomStringConvertible {
    let description: String
}
