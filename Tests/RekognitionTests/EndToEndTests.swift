import Foundation
import ProctorEngine
import ProctorMedia
import ProctorPipeline
import Testing

@testable import Rekognition

/// `proctor analyze --backend rekognition` on a shared video through the fake endpoint, as a user runs it, and the
/// same run with failing calls.
@Suite(.serialized) struct EndToEndTests {
    static let video = TestSupport.sharedMedia.appendingPathComponent("videos/v01_webcam_gaze_left.mp4")

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary in `directory` with only PATH and HOME (an empty home: no real AWS files) plus `environment`.
    func proctor(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Run {
        let result = try TestSupport.execute(
            TestSupport.binary, arguments, in: directory,
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory.path].merging(environment) { $1 })
        return Run(status: result.status, stdout: String(decoding: result.stdout, as: UTF8.self), stderr: result.stderr)
    }

    @Test func analyzeThroughTheFakeWritesAValidReport() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        let directory = try TestSupport.scratchDirectory("e2e")
        // Credentials from a .env file in the working directory, as the seed kept them.
        try "AWS_ACCESS_KEY_ID=AKIDFAKEEXAMPLE\nAWS_SECRET_ACCESS_KEY=fake/secret/EXAMPLEKEY\n"
            .write(to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let run = try proctor(
            [
                "analyze", Self.video.path, "--backend", "rekognition", "--region", "us-east-1",
                "--endpoint-url", peer.endpoint.absoluteString, "-o", "report.json",
                "--evidence-dir", "evidence",
            ], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("fake/secret/EXAMPLEKEY"))
        let data = try Data(contentsOf: directory.appendingPathComponent("report.json"))
        #expect(!String(decoding: data, as: UTF8.self).contains("fake/secret/EXAMPLEKEY"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report = try decoder.decode(Report.self, from: data)

        #expect(report.backend.name == "rekognition")
        let frames = report.input.framesAnalysed
        #expect(frames >= 15 && !report.input.partial)
        let usage = try #require(report.backend.usage)
        #expect(usage.calls["DetectFaces"] == frames)
        #expect(usage.calls["DetectLabels"] == frames / 3 + (frames % 3 == 0 ? 0 : 1))
        #expect((usage.calls["CompareFaces"] ?? 0) >= 1)
        #expect(abs(usage.estimatedCostUsd - Double(usage.calls.values.reduce(0, +)) * 0.001) < 1e-9)
        #expect(try peer.calls().count == usage.calls.values.reduce(0, +))
        #expect(report.coverage.counts["one_face"] == frames)
        let first = try #require(report.timeline.first)
        #expect(first.eyesOpen != nil && first.mouthOpen != nil && first.faceQuality != nil)
        #expect(first.expressions?.count == 8 && first.eyeDirection != nil)
        #expect(report.identity?.referenceSource == "first_confident_face")
        #expect(report.expressions != nil)
        #expect(report.metrics["eye_contact"] != nil)
    }

    @Test func aReferenceFaceIsCheckedThenUsed() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        let directory = try TestSupport.scratchDirectory("e2e-reference")
        let run = try proctor(
            [
                "analyze", Self.video.path, "--backend", "rekognition", "--endpoint-url",
                peer.endpoint.absoluteString, "--reference-face", TestSupport.faceImage.path,
                "--rekognition-ops", "faces,compare", "--quiet",
            ],
            in: directory,
            environment: [
                "AWS_ACCESS_KEY_ID": "AKIDFAKEEXAMPLE", "AWS_SECRET_ACCESS_KEY": "fake/secret/EXAMPLEKEY",
                "AWS_DEFAULT_REGION": "us-east-1",
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let identity = report?["identity"] as? [String: Any]
        #expect(identity?["reference_source"] as? String == "reference_image")
        let usage = (report?["backend"] as? [String: Any])?["usage"] as? [String: Any]
        let calls = usage?["calls"] as? [String: Int]
        let frames = (report?["input"] as? [String: Any])?["frames_analysed"] as? Int
        #expect(calls?["DetectFaces"] == (frames ?? 0) + 1, "one DetectFaces call checks the reference image")
        #expect(calls?["DetectLabels"] == nil && calls?["DetectText"] == nil)
    }

    @Test func rejectedCredentialsStopTheRunAndSayWhatToFix() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        let directory = try TestSupport.scratchDirectory("e2e-denied")
        let run = try proctor(
            [
                "analyze", Self.video.path, "--backend", "rekognition", "--endpoint-url",
                peer.endpoint.absoluteString, "-o", "report.json", "--quiet",
            ],
            in: directory,
            environment: [
                "AWS_ACCESS_KEY_ID": "AKIDFAKEEXAMPLE", "AWS_SECRET_ACCESS_KEY": "not-the-secret",
                "AWS_REGION": "us-east-1",
            ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("InvalidSignatureException") && run.stderr.contains("AWS_SECRET_ACCESS_KEY"))
        #expect(!run.stderr.contains("not-the-secret"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("report.json").path))
        #expect(try peer.calls().count <= 3, "stops at the first frame")
    }

    @Test func missingCredentialsAreExplained() throws {
        let directory = try TestSupport.scratchDirectory("e2e-nocreds")
        let run = try proctor(
            ["analyze", Self.video.path, "--backend", "rekognition", "--region", "us-east-1"],
            in: directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains("no AWS credentials found"))
    }

    @Test func failingFramesLowerCoverageWithoutEndingTheRun() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        try peer.inject(["DetectFaces": Array(repeating: "500", count: 6)])  // two frames, three attempts each
        let client = makeClient(peer)
        let analyzer = try RekognitionAnalyzer(
            client: client, options: RekognitionOptions(faceSelection: ProctorConfig().faceSelection))
        let report = try RecordingAnalysis(fps: 1, config: ProctorConfig(), evidenceDirectory: nil, toolVersion: "test")
            .run(path: Self.video.path, analyzer: analyzer)
        #expect(!report.input.partial)
        #expect(report.coverage.counts["unanalysed"] == 2)
        #expect(report.coverage.counts["one_face"] == report.input.framesAnalysed - 2)
        #expect(report.timeline.prefix(2).allSatisfy { $0.qualityVerdict == .unanalysed && $0.unanalysedReason != nil })
        #expect(
            report.notes.contains { $0.hasPrefix("2 frame(s) not analysed: DetectFaces failed: InternalServerError") })
        #expect(report.backend.usage?.failedCalls["DetectFaces"] == 2)
        #expect(report.backend.usage?.retries == 4)
        #expect(!report.events.contains { $0.type == .noFaceDetected }, "an unanalysed frame is not a missing face")
    }
}
