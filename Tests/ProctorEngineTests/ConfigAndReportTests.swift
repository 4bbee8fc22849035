import Foundation
import Testing

@testable import ProctorEngine
@testable import ProctorReports

struct ConfigAndReportTests {
    private func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("proctor-config-\(UUID()).json")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func partialConfigOverridesOnlyWhatItNames() throws {
        let config = try ProctorConfig.load(
            from: try write(#"{"looking_away_min_frames": 8, "min_face_confidence": 0.7}"#))
        #expect(config.lookingAway.minFrames == 8)
        #expect(config.faces.minConfidence == 0.7)
        #expect(config.noFace.minFrames == 3)
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

    /// The sections write the same flat v1 keys and values the sample file holds (no key renamed or lost).
    @Test func defaultsEncodeToTheSampleFileKeys() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/proctor-config.json")
        func canonical(_ data: Data) throws -> String {
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            object["identity_distance_threshold"] = nil  // null in the sample: "not set" is not written
            return String(
                decoding: try JSONSerialization.data(withJSONObject: object, options: .sortedKeys), as: UTF8.self)
        }
        #expect(try canonical(Data(ReportCoding.json(ProctorConfig()).utf8)) == canonical(Data(contentsOf: sample)))
    }

    private func report() -> Report {
        let run = Fixtures.run(8) { $0 >= 4 ? [] : [Fixtures.face()] }
        return ReportBuilder.build(
            outcome: run.outcome,
            input: .init(
                file: "x.mp4", container: "mp4", codec: "h264", durationSeconds: 8, width: 640, height: 480,
                rotation: 0, sampledFps: 1, framesAnalysed: 8, lastFrameSeconds: 7, partial: false,
                partialReason: nil),
            backend: .init(name: "local", models: []), config: ProctorConfig(), toolVersion: "test")
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let text = try ReportRenderer.render(report(), as: .json)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(object?["schema_version"] as? Int == Report.currentSchemaVersion)
        for key in [
            "input", "backend", "config", "summary", "coverage", "quality", "baseline", "metrics", "events",
            "timeline",
        ] {
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

    /// Frames a backend could not analyse are neither missing faces nor evidence: they count as unanalysed, raise
    /// insufficient_evidence, and half of them make the whole session insufficient evidence.
    @Test func unanalysedFramesAreInsufficientEvidenceNotNoFace() throws {
        var session = ProctorSession()
        for index in 0..<8 {
            let observation =
                index < 4
                ? FrameObservation.unanalysed(
                    index: index, timestamp: Double(index), reason: "DetectFaces failed: boom")
                : Fixtures.frame(index, [Fixtures.face()])
            let record = session.ingest(observation)
            #expect((record.qualityVerdict == .unanalysed) == (index < 4))
            #expect((record.unanalysedReason != nil) == (index < 4))
        }
        let outcome = session.finish()
        #expect(Fixtures.events(outcome, .noFaceDetected).isEmpty)
        let insufficient = try #require(Fixtures.events(outcome, .insufficientEvidence).first)
        #expect(insufficient.start == 0 && insufficient.end == 3)
        #expect(outcome.coverage.count(of: .unanalysed) == 4 && outcome.coverage.count(of: .oneFace) == 4)
        #expect(outcome.notes == ["4 frame(s) not analysed: DetectFaces failed: boom"])
        #expect(ReportBuilder.summary(outcome).assessment == "insufficient_evidence")
    }

    @Test func billedBackendsShowTheirCallsAndCost() throws {
        var report = report()
        report.backend = .init(
            name: "rekognition", models: [],
            usage: BackendUsage(
                calls: ["DetectFaces": 60, "DetectLabels": 20], failedCalls: ["DetectText": 1], retries: 2,
                pricePerCallUsd: ["DetectFaces": 0.001, "DetectLabels": 0.001], priceSource: "list"))
        #expect(abs(report.backend.usage!.estimatedCostUsd - 0.08) < 1e-12)
        let markdown = try ReportRenderer.render(report, as: .markdown)
        #expect(markdown.contains("- Backend calls: DetectFaces x60, DetectLabels x20, estimated cost $0.0800 (list)"))
        #expect(markdown.contains("- Failed calls: DetectText x1; retries: 2"))
        let json = try JSONSerialization.jsonObject(with: Data(try ReportRenderer.render(report, as: .json).utf8))
        let usage = ((json as? [String: Any])?["backend"] as? [String: Any])?["usage"] as? [String: Any]
        #expect(abs((usage?["estimated_cost_usd"] as? Double ?? 0) - 0.08) < 1e-12)
        #expect(usage?["failed_calls"] as? [String: Int] == ["DetectText": 1])
    }

    @Test func poorVideoIsInsufficientEvidence() {
        var session = ProctorSession()
        for index in 0..<6 {
            _ = session.ingest(Fixtures.frame(index, [], quality: ImageQuality(brightness: 5, sharpness: 1)))
        }
        #expect(ReportBuilder.summary(session.finish()).assessment == "insufficient_evidence")
    }
}

/// The review priority's formula, thresholds and explanation.
struct ReviewPriorityTests {
    func event(_ type: AlertType, _ severity: Severity, start: Double, end: Double, id: String) -> AlertEvent {
        AlertEvent(
            id: id, type: type, severity: severity, start: start, end: end, raisedAt: start, peakConfidence: 0.9,
            meanConfidence: 0.8, frames: [Int(start)],
            evidence: Evidence(
                frameIndex: Int(start), timestamp: start,
                path: nil), details: nil)
    }

    func coverage(oneFace: Int, poor: Int = 0) -> Coverage {
        var coverage = Coverage()
        for _ in 0..<oneFace { coverage.count(.oneFace) }
        for _ in 0..<poor { coverage.count(.poorQuality) }
        return coverage
    }

    @Test func contributionsFollowTheStatedFormula() {
        let config = ProctorConfig()
        // looking_away (warning, weight 0.5) for 10 s: 0.5 x 1 x (1 + 10/10) = 1.0.
        let looking = event(.lookingAway, .warning, start: 5, end: 15, id: "looking_away-1")
        // multiple_faces (critical, weight 2) for 0 s: 2 x 2 x 1 = 4.
        let faces = event(.multipleFacesDetected, .critical, start: 20, end: 20, id: "multiple_faces_detected-1")
        let low = ReviewPriority.compute(events: [], coverage: coverage(oneFace: 30), config: config)
        #expect(low.level == .low && low.score == 0 && low.contributions.isEmpty)
        let needs = ReviewPriority.compute(events: [looking], coverage: coverage(oneFace: 30), config: config)
        #expect(needs.level == .needsReview && abs(needs.score - 1) < 1e-12)
        let high = ReviewPriority.compute(events: [looking, faces], coverage: coverage(oneFace: 30), config: config)
        #expect(high.level == .high && abs(high.score - 5) < 1e-12)
        #expect(high.contributions.map(\.eventId) == ["multiple_faces_detected-1", "looking_away-1"], "largest first")
        #expect(high.contributions[0].weight == 2 && high.contributions[0].severityFactor == 2)
    }

    @Test func poorCoverageIsInsufficientEvidenceNotLow() {
        let priority = ReviewPriority.compute(
            events: [], coverage: coverage(oneFace: 10, poor: 10), config: ProctorConfig())
        #expect(priority.level == .insufficientEvidence)
        #expect(
            ReviewPriority.compute(events: [], coverage: Coverage(), config: ProctorConfig()).level
                == .insufficientEvidence)
    }

    @Test func weightsComeFromTheConfiguration() throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let config = try decoder.decode(
            ProctorConfig.self, from: Data(#"{"review_weights": {"looking_away": 0}}"#.utf8))
        let looking = event(.lookingAway, .warning, start: 0, end: 100, id: "looking_away-1")
        #expect(ReviewPriority.compute(events: [looking], coverage: coverage(oneFace: 5), config: config).level == .low)
        #expect(throws: (any Error).self) {
            try decoder.decode(ProctorConfig.self, from: Data(#"{"review_weights": {"happy_face": 1}}"#.utf8))
        }
        #expect(throws: (any Error).self) {
            try decoder.decode(
                ProctorConfig.self, from: Data(#"{"review_needs_review_score": 5, "review_high_score": 2}"#.utf8))
        }
    }
}
