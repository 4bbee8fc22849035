import Foundation
import LocalVision
import ProctorEngine
import ProctorEvaluation
import ProctorTestSupport
import Testing

/// Locates the shared media and the models; a missing one fails the test with how to get it.
enum TestMedia {
    static let projectRoot = TestPaths.projectRoot
    static let mediaRoot = TestPaths.sharedMedia

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// Path of a file under ../shared/media, or an error saying how to obtain it.
    static func path(_ relative: String) throws -> String {
        let url = mediaRoot.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Missing(
                description: "test media \(url.path) not found: the shared evaluation media must sit in "
                    + "../shared/media next to the project (see ../shared/media/SOURCES.md)")
        }
        return url.path
    }

    static func modelDirectory() throws -> URL {
        let directory = projectRoot.appendingPathComponent("models")
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("yunet_n_320_320.onnx").path)
        else {
            throw Missing(
                description: "models not found in \(directory.path): run scripts/setup.sh --mirror ../shared/models")
        }
        return directory
    }

    static func analyzer() throws -> LocalAnalyzer { try LocalAnalyzer(modelDirectory: try modelDirectory()) }

    /// Rows of labels.csv for a file, read by the evaluation's own parser.
    static func labels(for file: String) throws -> [LabelRow] {
        try LabelSet.parse(try String(contentsOfFile: try path("labels.csv"), encoding: .utf8)).rows(of: file)
    }

    /// A scratch folder removed by the caller.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("proctor-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs ffmpeg (from the setup's Debian packages) to make a derived test file.
    static func ffmpeg(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-loglevel", "error", "-y"] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Missing(
                description: "ffmpeg \(arguments.joined(separator: " ")) failed (is the ffmpeg package installed?)")
        }
    }
}
