import Foundation
import ProctorEngine
import ProctorMedia
import ProctorTestSupport

@testable import Rekognition

/// Paths and processes the Rekognition tests share.
enum TestSupport {
    static let projectRoot = TestPaths.projectRoot
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// Fetched by `scripts/fetch_test_data.py` (`scripts/setup.sh --tests`).
    static let sigV4Suite = projectRoot.appendingPathComponent(".test-data/aws4_testsuite")
    static let sharedMedia = TestPaths.sharedMedia

    static func scratchDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("proctor-rekognition-tests/\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// What a finished program left.
    struct ProcessResult {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    /// Runs a program to completion with `input` on stdin. `environment` nil = this process's.
    static func execute(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String]? = nil, input: Data = Data()
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: output,
            stderr: String(decoding: errors, as: UTF8.self))
    }

    /// Runs a command found on PATH; returns stdout, throws with stderr on failure.
    static func run(_ arguments: [String], input: Data = Data()) throws -> Data {
        let result = try execute(URL(fileURLWithPath: "/usr/bin/env"), arguments, input: input)
        guard result.status == 0 else {
            throw ProcessFailure(
                message: "\(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    struct ProcessFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// A shared still with one face.
    static let faceImage = sharedMedia.appendingPathComponent("images/b01_oneface_obama.jpg")

    /// A real JPEG, as read from the shared media.
    static func sampleJPEG() throws -> Data { try Data(contentsOf: faceImage) }

    /// The same JPEG ready to send inline.
    static func sampleImage() throws -> InlineImage { InlineImage(try sampleJPEG()) }

    /// The face still as a decoded frame at `timestamp`.
    static func faceFrame(index: Int = 0, timestamp: Double = 0) throws -> Frame {
        try ImageLoader.load(path: faceImage.path, index: index, timestamp: timestamp)
    }

    /// The `proctor` binary built next to the test bundle (.build/<config>/).
    static var binary: URL { TestPaths.binary }

    static let fakeCredentials = AWSCredentials(
        accessKeyID: "AKIDFAKEEXAMPLE",
        secretAccessKey: "fake/secret/EXAMPLEKEY", source: "test")
}
