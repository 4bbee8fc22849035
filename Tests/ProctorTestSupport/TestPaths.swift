import Foundation

/// Where the tests find the project, the shared media and the built `proctor` binary: written once for every test
/// target.
public enum TestPaths {
    /// The project root (this file is `Tests/ProctorTestSupport/TestPaths.swift`).
    public static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/media` next to the project.
    public static let sharedMedia = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/media")

    /// The project's models folder.
    public static let models = projectRoot.appendingPathComponent("models")

    /// The `proctor` binary built next to the test bundle (.build/<config>/).
    public static var binary: URL {
        var folder = Bundle.main.bundleURL
        for _ in 0..<3 where !FileManager.default.fileExists(atPath: folder.appendingPathComponent("proctor").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("proctor")
    }
}
