import Foundation
import ProctorTestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `proctor serve` started by a test on a free port, with its own data folder; killed (SIGKILL) when released.
final class ServerProcess: @unchecked Sendable {
    static let projectRoot = TestPaths.projectRoot
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let sharedMedia = TestPaths.sharedMedia

    /// The `proctor` binary built next to the test bundle (.build/<config>/).
    static var binary: URL { TestPaths.binary }

    let data: URL
    let arguments: [String]
    private(set) var process: Process
    private(set) var port: Int
    var base: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Starts a server; `data` reuses a folder (restart), `arguments` adds options.
    init(data: URL? = nil, arguments: [String] = []) throws {
        self.data = try data ?? Self.scratch("data")
        self.arguments = arguments
        (process, port) = try Self.launch(data: self.data, arguments: arguments)
    }

    deinit { stop() }

    /// SIGKILL: no chance to flush anything (children also inherit a blocked SIGTERM from the test runner).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Kills the server and starts it again on the same data folder.
    func restart() throws {
        stop()
        (process, port) = try Self.launch(data: data, arguments: arguments)
    }

    static func scratch(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("proctor-server-tests/\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static func launch(data: URL, arguments: [String]) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = binary
        // --exit-with-parent: servers held by static test fixtures stop with the test run instead of outliving it.
        process.arguments = ["serve", "--port", "0", "--data", data.path, "--exit-with-parent"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PROCTOR_MODELS"] = projectRoot.appendingPathComponent("models").path
        process.environment = environment
        let log = data.appendingPathComponent("server-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardError = handle
        process.standardOutput = handle
        try process.run()
        for _ in 0..<600 {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                let port = Int(text[range].split(separator: ":").last!)!
                return (process, port)
            }
            guard process.isRunning else {
                throw ServerTestError("proctor serve exited \(process.terminationStatus): \(text)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        throw ServerTestError("proctor serve did not start within 30 s")
    }
}

/// Runs a fixture program (script, browser driver, node) to completion; its stdout, or an error with its output.
func runFixture(_ arguments: [String]) throws -> String {
    let result = try ProctorCommand.run(program: arguments)
    guard result.status == 0 else {
        throw ServerTestError(
            "\(arguments.prefix(2).joined(separator: " ")) exited \(result.status): " + result.stdout + result.stderr)
    }
    return result.stdout
}

struct ServerTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
