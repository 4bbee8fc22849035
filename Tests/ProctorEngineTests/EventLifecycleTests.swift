import Testing

@testable import ProctorEngine

/// Event start/end, merging across short gaps, evidence choice, and the baseline.
struct EventLifecycleTests {
    @Test func shortGapMergesIntoOneEvent() {
        // Away 0-4, one frame back, away 6-8: one event 0-8.
        let run = Fixtures.run(12) { $0 <= 4 || (6...8).contains($0) ? [] : [Fixtures.face()] }
        let events = Fixtures.events(run.outcome, .noFaceDetected)
        #expect(events.count == 1)
        #expect(events.first?.start == 0 && events.first?.end == 8)
        #expect(events.first?.frames == [0, 1, 2, 3, 4, 6, 7, 8])
        #expect(run.records[5].alerts.isEmpty)
    }

    @Test func longerGapSplitsEvents() {
        let run = Fixtures.run(14) { $0 <= 3 || (6...9).contains($0) ? [] : [Fixtures.face()] }
        let events = Fixtures.events(run.outcome, .noFaceDetected)
        #expect(events.map(\.start) == [0, 6])
        #expect(events.map(\.end) == [3, 9])
        #expect(events.map(\.id) == ["no_face_detected-1", "no_face_detected-2"])
    }

    @Test func eventOpenAtTheEndIsClosedByFinish() {
        let run = Fixtures.run(5) { $0 >= 1 ? [] : [Fixtures.face()] }
        #expect(Fixtures.events(run.outcome, .noFaceDetected).first?.end == 4)
    }

    @Test func evidenceIsThePeakFrameAndIsWritten() {
        var written: [Int] = []
        var session = ProctorSession(evidenceWriter: { name, frame, _ in
            written.append(frame.index)
            return "/evidence/\(name).jpg"
        })
        let confidences = [0.7, 0.9, 0.8]
        for (index, confidence) in confidences.enumerated() {
            let faces = [Fixtures.face(), Fixtures.face(confidence: confidence, left: 0.05)]
            let frame = Frame(
                index: index, timestamp: Double(index), width: 2, height: 2,
                pixels: [UInt8](repeating: 0, count: 12))
            _ = session.ingest(Fixtures.frame(index, faces), frame: frame)
        }
        let outcome = session.finish()
        let event = Fixtures.events(outcome, .multipleFacesDetected).first
        #expect(event?.evidence.frameIndex == 1)
        #expect(event?.evidence.path == "/evidence/multiple_faces_detected-1.jpg")
        #expect(event?.peakConfidence == 0.9)
        #expect(written == [1])
    }

    @Test func failingEvidenceWriterKeepsTheEventAndNotesIt() {
        struct DiskFull: Error {}
        var session = ProctorSession(evidenceWriter: { _, _, _ in throw DiskFull() })
        let frame = Frame(index: 0, timestamp: 0, width: 1, height: 1, pixels: [0, 0, 0])
        _ = session.ingest(Fixtures.frame(0, [Fixtures.face(), Fixtures.face(left: 0.05)]), frame: frame)
        let outcome = session.finish()
        #expect(outcome.events.count == 1)
        #expect(outcome.events.first?.evidence.path == nil)
        #expect(outcome.notes.count == 1)
    }

    @Test func baselineAbsorbsACandidatesOwnTypicalPose() {
        // A candidate whose camera sits to the side: head always at yaw 35. Not looking away.
        let run = Fixtures.run(20) { _ in [Fixtures.face(yaw: 35, eyeYaw: 10)] }
        #expect(Fixtures.events(run.outcome, .lookingAway).isEmpty)
        #expect(run.outcome.baseline.headYaw == 35)
        #expect(run.outcome.baseline.eyeYaw == 10)
        #expect(run.records.allSatisfy { $0.metrics.eyeContact == 100 })
    }

    @Test func baselineIsTheMedianOfTheFirstConfidentFrames() {
        let yaws: [Double] = [0, 2, 40, 4, 6, 50, 50, 50]
        let run = Fixtures.run(yaws.count) { [Fixtures.face(yaw: yaws[$0])] }
        #expect(run.outcome.baseline.headYaw == 4)  // median of 0, 2, 40, 4, 6
        #expect(run.outcome.baseline.headFrames == 5)
        // Low-confidence faces do not form the baseline.
        let weak = Fixtures.run(3) { [Fixtures.face(confidence: 0.7, yaw: Double($0))] }
        #expect(weak.outcome.baseline.headFrames == 0)
        #expect(weak.records[0].gazeDeviation == nil)
    }

    @Test func coverageCountsEachFrameOnce() {
        let run = Fixtures.run(10) { index in
            switch index {
            case 0..<5: return [Fixtures.face()]
            case 5..<7: return []
            default: return [Fixtures.face(), Fixtures.face(left: 0.05)]
            }
        }
        let coverage = run.outcome.coverage
        #expect((coverage.frames, coverage.oneFace, coverage.noFace, coverage.multipleFaces) == (10, 5, 2, 3))
        #expect(coverage.share(.oneFace) == 0.5)
    }
}
