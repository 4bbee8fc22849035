import Foundation

/// The `proctor` binary run as a user runs it, with a given models folder (`PROCTOR_MODELS`).
public enum ProctorCommand {
    /// How a finished run ended and what it printed.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `proctor arguments` to completion.
    public static func run(_ arguments: [String], models: URL) throws -> Result {
        try run(configured(arguments, models: models))
    }

    /// Runs any program to completion (`/usr/bin/env` finds it on the PATH).
    public static func run(program arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        return try run(process)
    }

    /// Runs a configured process to completion; stdout and stderr are read side by side (neither pipe can fill up
    /// and stall the process).
    private static func run(_ process: Process) throws -> Result {
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stderr = BackgroundRead(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr.wait(), as: UTF8.self))
    }

    /// Starts `proctor arguments` without waiting: stdout is discarded, stderr is a `Pipe`.
    public static func start(_ arguments: [String], models: URL) throws -> Process {
        let process = configured(arguments, models: models)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = Pipe()
        try process.run()
        return process
    }

    private static func configured(_ arguments: [String], models: URL) -> Process {
        let process = Process()
        process.executableURL = TestPaths.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PROCTOR_MODELS"] = models.path
        process.environment = environment
        return process
    }

    /// Reads a file handle to its end on another thread.
    private final class BackgroundRead: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }
}
