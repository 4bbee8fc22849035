import ArgumentParser
import Foundation
import Logging

/// A failure to report as one line on stderr with exit status 1.
struct CLIFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension CLIFailure: LocalizedError {
    var errorDescription: String? { message }
}

/// Where the report goes: a file (written atomically) or stdout.
enum OutputWriter {
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CLIFailure(message: "\(path): cannot write the report (\(error.localizedDescription))")
        }
    }
}

/// stderr logging (stdout carries data only).
enum Log {
    static func make(_ label: String, quiet: Bool) -> Logger {
        var logger = Logger(label: "proctor.\(label)") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = quiet ? .warning : .info
        return logger
    }
}
