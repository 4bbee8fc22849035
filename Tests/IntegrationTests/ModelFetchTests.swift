import Foundation
import ProctorTestSupport
import Testing

/// scripts/fetch_models.py's "download" source kind, as the blendshape model uses it: upstream first, then the
/// mirror's other form of the weights, converted to the same bytes; a damaged mirror copy is refused.
struct ModelFetchTests {
    static let mirror = TestPaths.projectRoot.deletingLastPathComponent().appendingPathComponent("shared/models")

    /// Runs the fetcher on a one-model manifest (the blendshape entry, its URL pointed at a closed local port).
    static func fetch(mirror: URL) throws -> (status: Int32, log: String, folder: URL) {
        let manifestURL = TestPaths.projectRoot.appendingPathComponent("models/manifest.json")
        var manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
        let models = try #require(manifest["models"] as? [[String: Any]])
        var entry = try #require(models.first { $0["id"] as? String == "mp_face_blendshapes" })
        var source = try #require(entry["source"] as? [String: Any])
        source["url"] = "http://127.0.0.1:9/face_landmarker.task"  // the discard port: nothing listens
        entry["source"] = source
        manifest["models"] = [entry]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("proctor-fetch-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let manifestCopy = folder.appendingPathComponent("manifest.json")
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestCopy)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", TestPaths.projectRoot.appendingPathComponent("scripts/fetch_models.py").path, "--manifest",
            manifestCopy.path, "--models-dir", folder.appendingPathComponent("models").path, "--mirror", mirror.path,
        ]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, log, folder)
    }

    @Test func unreachableUpstreamFallsBackToTheMirrorAndConvertsToTheSameBytes() throws {
        let (status, log, folder) = try Self.fetch(mirror: Self.mirror)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(status == 0, "\(log)")
        #expect(log.contains("from mirror") && log.contains("converted by scripts/convert/blendshape_weights.py"))
        let fetched = try Data(contentsOf: folder.appendingPathComponent("models/mp_face_blendshapes.tensors"))
        let installed = try Data(contentsOf: TestPaths.models.appendingPathComponent("mp_face_blendshapes.tensors"))
        #expect(fetched == installed)
    }

    @Test func aDamagedMirrorCopyIsRefused() throws {
        let damaged = FileManager.default.temporaryDirectory.appendingPathComponent("proctor-mirror-\(UUID())")
        try FileManager.default.createDirectory(at: damaged, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: damaged) }
        var bytes = try Data(contentsOf: Self.mirror.appendingPathComponent("mp_face_blendshapes.onnx"))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: damaged.appendingPathComponent("mp_face_blendshapes.onnx"))
        let (status, log, folder) = try Self.fetch(mirror: damaged)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(status == 1 && log.contains("sha256 mismatch"), "\(log)")
        #expect(
            !FileManager.default.fileExists(
                atPath: folder.appendingPathComponent("models/mp_face_blendshapes.tensors").path))
    }
}
