import Foundation
import Testing

/// Existing clients of the seed work unchanged: its README's curl examples and its JavaScript integration snippet,
/// run for real against `proctor serve`.
@Suite(.serialized) struct SeedCompatibilityTests {
    static let server = Result { try ServerProcess() }

    func object(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func readmeCurlExamples() throws {
        let face = ServerProcess.sharedMedia.appendingPathComponent("images/b01_oneface_obama.jpg")
        let output = try runFixture([
            ServerProcess.fixtures.appendingPathComponent("seed_readme_curl.sh").path,
            try Self.server.get().base.absoluteString, face.path,
        ])
        let lines = output.split(separator: "\n")
        #expect(lines.count == 4)
        let start = try object(lines[0])
        #expect(start["success"] as? Bool == true && start["status"] as? String == "active")
        #expect(start["session_id"] is String && start["start_time"] is String)
        let frame = try object(lines[1])
        let result = try #require(frame["result"] as? [String: Any])
        #expect(result["face_count"] as? Int == 1 && result["dominant_emotion"] is String)
        let metrics = try #require(result["metrics"] as? [String: Any])
        for key in ["eye_contact", "engagement", "confidence", "posture"] { #expect(metrics[key] is Double, "\(key)") }
        #expect(result["alerts"] as? [Any] != nil)
        let summary = try object(lines[2])
        #expect(summary["success"] as? Bool == true && summary["frames_analysed"] as? Int == 1)
        let end = try object(lines[3])
        #expect(end["success"] as? Bool == true && end["report"] is [String: Any])
    }

    @Test func javascriptIntegrationSnippet() throws {
        let frames = ["b01_oneface_obama.jpg", "b06_oneface_justin_smiling.jpg"].map {
            ServerProcess.sharedMedia.appendingPathComponent("images/\($0)").path
        }
        let output = try runFixture(
            [
                "node", ServerProcess.fixtures.appendingPathComponent("seed_snippet.mjs").path,
                try Self.server.get().base.absoluteString,
            ] + frames)
        let summary = try object(Substring(output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(summary["start_status"] as? Int == 200 && summary["end_status"] as? Int == 200)
        #expect((summary["eye_contact"] as? [Any])?.count == 3)
        #expect((summary["emotion"] as? [Any])?.allSatisfy { $0 is String } == true)
        #expect(summary["final_success"] as? Bool == true && summary["frames_analysed"] as? Int == 3)
    }
}
