import Foundation
import Testing

@testable import ProctorEngine

/// The metric formulas at known points, and absence where a metric cannot be computed.
struct MetricTests {
    @Test func noFaceMeansNoMetrics() {
        let run = Fixtures.run(1) { _ in [] }
        #expect(run.records[0].metrics == FrameMetrics())
    }

    @Test func eyeContactNeedsMeasuredEyes() {
        let run = Fixtures.run(2) { _ in [Fixtures.face(eyeYaw: nil)] }
        #expect(run.records[1].metrics.eyeContact == nil)
        #expect(run.records[1].metrics.engagement != nil)
        #expect(run.records[1].metrics.facialExpression == nil)
    }

    @Test func formulasAtKnownPoints() {
        let gaze = GazeDeviation(headYaw: 0, headPitch: 0, eyeYaw: 22.5, eyePitch: 0)
        #expect(MetricFormulas.eyeContact(gaze: gaze) == 50)
        #expect(MetricFormulas.facing(gaze: GazeDeviation(headYaw: 45, headPitch: 0)) == 0)
        let centred = Fixtures.face(left: 0.4, width: 0.2)
        #expect(MetricFormulas.posture(face: centred, steadiness: 1) == 100)
        let moved = Fixtures.face(left: 0.45, width: 0.2)  // centre moved 0.05 = 0.25 face widths
        #expect(abs((MetricFormulas.steadiness(face: moved, previous: centred) ?? 0) - 0.5) < 1e-9)
        let tilted = Fixtures.face(roll: 15)
        #expect(abs(MetricFormulas.posture(face: tilted, steadiness: nil) - 75) < 1e-9)
        #expect(MetricFormulas.confidence(face: Fixtures.face(confidence: 0.9)) == 90)
        let engagement = MetricFormulas.engagement(gaze: gaze, eyeContact: 50, steadiness: nil)
        #expect(engagement == 75)
    }

    @Test func sessionSummaryUsesOnlyFramesWithTheMetric() {
        let run = Fixtures.run(4) { $0 < 2 ? [Fixtures.face(confidence: 0.9)] : [] }
        let summaries = ReportBuilder.metricSummaries(run.outcome.timeline)
        #expect(summaries["confidence"]?.frames == 2)
        #expect(abs((summaries["confidence"]?.mean ?? 0) - 90) < 1e-9)
        #expect(summaries["facial_expression"] == nil)
    }

    @Test func eyesAreNotTrustedOnPoorFrames() {
        var session = ProctorSession()
        for index in 0..<5 { _ = session.ingest(Fixtures.frame(index, [Fixtures.face()])) }
        let blurred = ImageQuality(brightness: 120, sharpness: 2)
        let record = session.ingest(Fixtures.frame(5, [Fixtures.face(eyeYaw: 40)], quality: blurred))
        #expect(record.qualityVerdict == .blurry)
        #expect(record.gazeDeviation?.eyesMeasured == false)
        #expect(record.metrics.eyeContact == nil)
        #expect(record.metrics.engagement != nil)
    }
}
