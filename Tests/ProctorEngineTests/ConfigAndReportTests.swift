import Foundation
import Testing
@testable import ProctorEngine

struct ConfigAndReportTests {
    private func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("proctor-config-\(UUID()).json")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func partialConfigOverridesOnlyWhatItNames() throws {
        let config = try ProctorConfig.load(from: try write(#"{"looking_away_min_frames": 8, "min_face_confidence": 0.7}"#))
        #expect(config.lookingAwayMinFrames == 8)
        #expect(config.minFaceConfidence == 0.7)
        #expect(config.noFaceMinFrames == 3)
    }

    @Test func unknownKeysAndBadValuesAreRejected() throws {
        #expect(throws: ConfigError.self) { try ProctorConfig.load(from: try write(#"{"no_face_min_frame": 2}"#)) }
        #expect(throws: ConfigError.self) { try ProctorConfig.load(from: try write(#"{"no_face_min_frames": 0}"#)) }
        #expect(throws: ConfigError.self) { try ProctorConfig.load(from: try write(#"{"no_face_min_frames": "x"}"#)) }
        #expect(throws: ConfigError.self) { try ProctorConfig.load(from: try write("not json")) }
    }

    @Test func sampleConfigurationLoads() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/proctor-config.json")
        let config = try ProctorConfig.load(from: sample)
        #expect(config == ProctorConfig())
    }

    private func report() -> Report {
        let run = Fixtures.run(8) { $0 >= 4 ? [] : [Fixtures.face()] }
        return ReportBuilder.build(
            outcome: run.outcome,
            input: .init(file: "x.mp4", container: "mp4", codec: "h264", durationSeconds: 8, width: 640, height: 480,
                         rotation: 0, sampledFps: 1, framesAnalysed: 8, lastFrameSeconds: 7, partial: false,
                         partialReason: nil),
            backend: .init(name: "local", models: []), config: ProctorConfig(), toolVersion: "test")
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let text = try ReportRenderer.render(report(), as: .json)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(object?["schema_version"] as? Int == Report.currentSchemaVersion)
        for key in ["input", "backend", "config", "summary", "coverage", "quality", "baseline", "metrics", "events",
                    "timeline"] {
            #expect(object?[key] != nil, "missing \(key)")
        }
        let timeline = object?["timeline"] as? [[String: Any]]
        let noFaceFrame = timeline?[5]["metrics"] as? [String: Any]
        #expect(noFaceFrame?.isEmpty == true, "metrics of a frame without a face must be absent")
        let summary = object?["summary"] as? [String: Any]
        #expect(summary?["assessment"] as? String == "review_recommended")
    }

    @Test func markdownStartsWithTheSummary() throws {
        let text = try ReportRenderer.render(report(), as: .markdown)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "# Proctoring report: x.mp4")
        #expect(lines.contains("**Assessment: review recommended**"))
        let events = try #require(lines.firstIndex(of: "## Events"))
        let metrics = try #require(lines.firstIndex(where: { $0.hasPrefix("## Metrics") }))
        #expect(events < metrics)
        #expect(text.contains("| facial_expression | 0 | not measured |"))
        #expect(text.contains("no_face_detected"))
    }

    @Test func poorVideoIsInsufficientEvidence() {
        var session = ProctorSession()
        for index in 0..<6 {
            _ = session.ingest(Fixtures.frame(index, [], quality: ImageQuality(brightness: 5, sharpness: 1)))
        }
        #expect(ReportBuilder.summary(session.finish()).assessment == "insufficient_evidence")
    }
}
