import Foundation
import LocalVision
import ProctorBackends
import ProctorEngine
import ProctorEvaluation
import ProctorPipeline
import Testing

/// A different person taking the seat, with the framing kept, is flagged within 3 s; the same person is never
/// flagged. Real recordings of different people (`IdentitySplice`), the real local backend, the default schedule.
@Suite(.serialized) struct IdentityContinuityTests {
    static let people = [
        "videos/v01_webcam_gaze_left.mp4", "videos/v03_talking_head_woman_watermark.mp4",
        "videos/v07_expressions_woman.mp4",
    ]

    /// The default analysis without the object and text detectors (they play no part here).
    static func analyze(_ path: String) throws -> Report {
        var options = LocalAnalysisOptions(config: ProctorConfig())
        options.objects = false
        options.text = false
        let analyzer = try LocalAnalyzer(modelDirectory: try TestMedia.modelDirectory(), options: options)
        let analysis = RecordingAnalysis(fps: 2, config: ProctorConfig(), evidenceDirectory: nil, toolVersion: "test")
        return try analysis.run(path: path, analyzer: analyzer)
    }

    @Test(arguments: [(0, 2), (2, 1), (1, 0)], [4.0, 7.0])
    func aSwapIsFlaggedWithinThreeSeconds(pair: (Int, Int), splice: Double) throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try TestMedia.path(Self.people[pair.0])
        let second = try TestMedia.path(Self.people[pair.1])
        let analyzer = try TestMedia.analyzer()
        let output = folder.appendingPathComponent("splice.mp4")
        try IdentitySplice.write(
            first: first, second: second, firstFace: try IdentitySplice.faceBox(of: first, analyzer: analyzer),
            secondFace: try IdentitySplice.faceBox(of: second, analyzer: analyzer), splice: splice,
            length: splice + 5, to: output)
        let report = try Self.analyze(output.path)
        let mismatches = report.events.filter { $0.type == .faceMismatch }
        #expect(mismatches.allSatisfy { $0.start >= splice }, "flagged before the swap: \(mismatches)")
        let flagged = try #require(mismatches.first, "swap at \(splice) s not flagged; events: \(report.events)")
        #expect(flagged.start - splice <= 3, "swap at \(splice) s flagged at \(flagged.start) s")
    }

    @Test(arguments: people)
    func theSamePersonIsNeverFlagged(file: String) throws {
        let report = try Self.analyze(try TestMedia.path(file))
        #expect(!report.events.contains { $0.type == .faceMismatch }, "\(report.events)")
        let examined = report.timeline.filter { $0.identityDistance != nil }.count
        #expect(examined >= report.timeline.count / 3, "identity examined on \(examined) of \(report.timeline.count)")
    }
}
