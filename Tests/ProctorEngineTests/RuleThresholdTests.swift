import Testing

@testable import ProctorEngine

/// Each rule at and around its threshold.
struct RuleThresholdTests {
    @Test func noFaceNeedsThreeConsecutiveFrames() {
        let two = Fixtures.run(6) { (2...3).contains($0) ? [] : [Fixtures.face()] }
        #expect(Fixtures.events(two.outcome, .noFaceDetected).isEmpty)

        let three = Fixtures.run(7) { (2...4).contains($0) ? [] : [Fixtures.face()] }
        let events = Fixtures.events(three.outcome, .noFaceDetected)
        #expect(events.count == 1)
        #expect(events.first?.start == 2 && events.first?.end == 4 && events.first?.raisedAt == 4)
        #expect(events.first?.frames == [2, 3, 4])
        // The per-frame alert appears only once the event is raised.
        #expect(three.records[3].alerts.isEmpty)
        #expect(three.records[4].alerts.map(\.type) == [.noFaceDetected])
    }

    @Test func noFaceConfidenceReflectsRejectedDetections() {
        let weak = Fixtures.face(confidence: 0.4)
        let run = Fixtures.run(3) { _ in [weak] }
        let event = Fixtures.events(run.outcome, .noFaceDetected).first
        #expect(event != nil)
        #expect(abs((event?.peakConfidence ?? 0) - 0.6) < 1e-9)
    }

    @Test func darkFramesAreInsufficientEvidenceNotNoFace() {
        var session = ProctorSession()
        for index in 0..<4 {
            _ = session.ingest(Fixtures.frame(index, [], quality: ImageQuality(brightness: 10, sharpness: 50)))
        }
        let outcome = session.finish()
        #expect(Fixtures.events(outcome, .noFaceDetected).isEmpty)
        #expect(Fixtures.events(outcome, .insufficientEvidence).count == 1)
        #expect(outcome.coverage.poorQuality == 4)
    }

    @Test func multipleFacesIsImmediateAndCritical() {
        let run = Fixtures.run(3) {
            $0 == 1 ? [Fixtures.face(), Fixtures.face(confidence: 0.8, left: 0.1)] : [Fixtures.face()]
        }
        let events = Fixtures.events(run.outcome, .multipleFacesDetected)
        #expect(events.count == 1)
        #expect(events.first?.severity == .critical)
        #expect(events.first?.peakConfidence == 0.8)
        #expect(run.records[1].alerts.map(\.type) == [.multipleFacesDetected])
    }

    @Test func smallOrWeakFacesDoNotCount() {
        let run = Fixtures.run(1) { _ in
            [
                Fixtures.face(), Fixtures.face(confidence: 0.59, left: 0.1),
                Fixtures.face(left: 0.7, width: 0.02),
            ]
        }
        #expect(run.records[0].faceCount == 1)
        #expect(run.records[0].detectedFaces == 3)
        #expect(Fixtures.events(run.outcome, .multipleFacesDetected).isEmpty)
    }

    /// The missed glance of the unseen recording: one frame under the threshold inside it. With a gap of one frame
    /// tolerated, the glance is still five qualifying frames, and the event keeps their times exactly.
    @Test func oneNoisyFrameDoesNotHideAGlance() {
        let away: Set = [5, 6, 7, 9, 10]
        let noisy = Fixtures.run(14) { away.contains($0) ? [Fixtures.face(eyeYaw: 40)] : [Fixtures.face()] }
        let events = Fixtures.events(noisy.outcome, .lookingAway)
        #expect(events.count == 1 && events.first?.start == 5 && events.first?.end == 10)
        #expect(events.first?.frames == [5, 6, 7, 9, 10], "the noisy frame is not counted as looking away")
        let twoGaps: Set = [5, 6, 7, 10, 11]
        let broken = Fixtures.run(14) { twoGaps.contains($0) ? [Fixtures.face(eyeYaw: 40)] : [Fixtures.face()] }
        #expect(Fixtures.events(broken.outcome, .lookingAway).isEmpty, "two frames in a row end the run")
    }

    @Test func lookingAwayNeedsFiveFramesBeyondTheThreshold() {
        let config = ProctorConfig()
        let four = Fixtures.run(12) { (5...8).contains($0) ? [Fixtures.face(eyeYaw: 40)] : [Fixtures.face()] }
        #expect(Fixtures.events(four.outcome, .lookingAway).isEmpty)

        let five = Fixtures.run(12) { (5...9).contains($0) ? [Fixtures.face(eyeYaw: 40)] : [Fixtures.face()] }
        let events = Fixtures.events(five.outcome, .lookingAway)
        #expect(events.count == 1)
        #expect(events.first?.start == 5 && events.first?.end == 9)

        // The head (eyes still) against the gaze threshold, the eyes (head still) against the eye threshold.
        let headAt = Fixtures.run(12) {
            (5...11).contains($0) ? [Fixtures.face(yaw: config.lookingAway.yawDegrees)] : [Fixtures.face()]
        }
        #expect(Fixtures.events(headAt.outcome, .lookingAway).isEmpty)
        let headOver = Fixtures.run(12) {
            (5...11).contains($0) ? [Fixtures.face(yaw: config.lookingAway.yawDegrees + 0.1)] : [Fixtures.face()]
        }
        #expect(Fixtures.events(headOver.outcome, .lookingAway).count == 1)
        let eyesAt = Fixtures.run(12) {
            (5...11).contains($0) ? [Fixtures.face(eyeYaw: config.lookingAway.eyeYawDegrees)] : [Fixtures.face()]
        }
        #expect(Fixtures.events(eyesAt.outcome, .lookingAway).isEmpty)
        let eyesOver = Fixtures.run(12) {
            (5...11).contains($0) ? [Fixtures.face(eyeYaw: -config.lookingAway.eyeYawDegrees - 0.1)] : [Fixtures.face()]
        }
        #expect(Fixtures.events(eyesOver.outcome, .lookingAway).count == 1)
    }

    @Test func headAndEyesAddUp() {
        // Neither the head (15) nor the eyes (15) alone pass 25 degrees; together they do.
        let run = Fixtures.run(12) { (5...11).contains($0) ? [Fixtures.face(yaw: 15, eyeYaw: 15)] : [Fixtures.face()] }
        #expect(Fixtures.events(run.outcome, .lookingAway).count == 1)
    }

    @Test func headPitchDownIsLookingAway() {
        let run = Fixtures.run(12) { (5...11).contains($0) ? [Fixtures.face(pitch: -30)] : [Fixtures.face()] }
        #expect(Fixtures.events(run.outcome, .lookingAway).count == 1)
    }

    @Test func lowEngagementNeedsTenFrames() {
        // Head turned 60 degrees with eyes measured: facing 0, eye contact 0, steady 1 -> engagement 33.
        let nine = Fixtures.run(20) { (5...13).contains($0) ? [Fixtures.face(yaw: 60)] : [Fixtures.face()] }
        #expect(Fixtures.events(nine.outcome, .lowEngagement).isEmpty)
        let ten = Fixtures.run(20) { (5...14).contains($0) ? [Fixtures.face(yaw: 60)] : [Fixtures.face()] }
        let events = Fixtures.events(ten.outcome, .lowEngagement)
        #expect(events.count == 1)
        #expect(events.first?.severity == .info)
    }

    @Test func thresholdsComeFromTheConfiguration() {
        var config = ProctorConfig()
        config.noFace.minFrames = 1
        let run = Fixtures.run(3, config: config) { $0 == 1 ? [] : [Fixtures.face()] }
        #expect(Fixtures.events(run.outcome, .noFaceDetected).count == 1)
    }
}
