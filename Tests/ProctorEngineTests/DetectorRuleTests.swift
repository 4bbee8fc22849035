import Testing

@testable import ProctorEngine

/// Rules on objects, people, text and identity; expressions in metrics and the report.
struct DetectorRuleTests {
    private func phone(_ confidence: Double) -> ObjectObservation {
        ObjectObservation(
            label: "cell phone", confidence: confidence,
            box: BoundingBox(left: 0.1, top: 0.6, width: 0.1, height: 0.1))
    }

    private func person(_ confidence: Double) -> ObjectObservation {
        ObjectObservation(
            label: "person", confidence: confidence,
            box: BoundingBox(left: 0.2, top: 0.1, width: 0.4, height: 0.9))
    }

    private func run(
        _ observations: [FrameObservation], config: ProctorConfig = ProctorConfig(),
        reference: IdentityReference? = nil
    ) -> (records: [FrameRecord], outcome: SessionOutcome) {
        var session = ProctorSession(config: config, identityReference: reference)
        let records = observations.map { session.ingest($0) }
        return (records, session.finish())
    }

    private func frame(
        _ index: Int, faces: [FaceObservation] = [Fixtures.face()], objects: [ObjectObservation]? = nil,
        text: [TextObservation]? = nil
    ) -> FrameObservation {
        FrameObservation(
            index: index, timestamp: Double(index), faces: faces, quality: Fixtures.goodQuality,
            objects: objects, text: text)
    }

    @Test func phoneAtItsThresholdRaisesSuspiciousObject() throws {
        let threshold = try #require(ProctorConfig().suspiciousObject.localLabels["cell phone"])
        let below = run([frame(0, objects: [phone(threshold - 0.01)]), frame(1, objects: [phone(threshold - 0.01)])])
        #expect(Fixtures.events(below.outcome, .suspiciousObject).isEmpty)
        #expect(ProctorConfig().suspiciousObject.minFrames == 2)
        let once = run([frame(0, objects: []), frame(1, objects: [phone(threshold)]), frame(2, objects: [])])
        #expect(Fixtures.events(once.outcome, .suspiciousObject).isEmpty)
        let stronger = (threshold + 1) / 2
        let at = run([
            frame(0, objects: []), frame(1, objects: [phone(threshold)]), frame(2, objects: [phone(stronger)]),
            frame(3, objects: []),
        ])
        let event = try #require(Fixtures.events(at.outcome, .suspiciousObject).first)
        #expect(event.severity == .warning && event.start == 1 && event.end == 2)
        #expect(event.details?.objectLabel == "cell phone")
        #expect(event.peakConfidence == stronger)
        #expect(at.records[1].alerts.isEmpty)
        #expect(at.records[2].alerts.map(\.type) == [.suspiciousObject])
    }

    @Test func framesTheDetectorSkippedNeitherExtendNorBreakAnEvent() throws {
        var config = ProctorConfig()
        config.suspiciousObject.minFrames = 2
        config.session.mergeGapFrames = 0
        // Detector ran on frames 0, 2, 4 only; phone seen on each run.
        let result = run((0..<5).map { frame($0, objects: $0 % 2 == 0 ? [phone(0.9)] : nil) }, config: config)
        let event = try #require(Fixtures.events(result.outcome, .suspiciousObject).first)
        #expect(event.frames == [0, 2, 4])
        #expect(event.start == 0 && event.end == 4)
    }

    @Test func detectorsAreNotTrustedOnPoorFrames() {
        let dark = ImageQuality(brightness: 5, sharpness: 50)
        let frames = (0..<3).map {
            FrameObservation(
                index: $0, timestamp: Double($0), faces: [], quality: dark, objects: [phone(0.9)],
                text: [
                    TextObservation(
                        box: BoundingBox(left: 0, top: 0, width: 0.5, height: 0.2),
                        confidence: 0.99)
                ])
        }
        let outcome = run(frames).outcome
        #expect(outcome.events.map(\.type) == [.insufficientEvidence])
    }

    @Test func textOnAFaceIsIgnored() {
        let face = Fixtures.face(left: 0.4, width: 0.2)  // box 0.4-0.6 x 0.4-0.6
        let onFace = TextObservation(
            box: BoundingBox(left: 0.42, top: 0.45, width: 0.16, height: 0.05), confidence: 0.98)
        #expect(Fixtures.events(run([frame(0, faces: [face], text: [onFace])]).outcome, .textDetected).isEmpty)
    }

    @Test func unlistedLabelsAreNotSuspicious() {
        let cup = ObjectObservation(
            label: "cup", confidence: 0.99, box: BoundingBox(left: 0, top: 0, width: 0.1, height: 0.1))
        #expect(Fixtures.events(run([frame(0, objects: [cup])]).outcome, .suspiciousObject).isEmpty)
    }

    @Test func aSecondPersonWithoutAFaceIsMultiplePeople() throws {
        let twoPeople = run((0..<3).map { frame($0, objects: [person(0.9), person(0.7)]) })
        let event = try #require(Fixtures.events(twoPeople.outcome, .multiplePeopleDetected).first)
        #expect(event.details?.personCount == 2 && event.details?.faceCount == 1)
        #expect(event.peakConfidence == 0.7)
        // Two faces: multiple_faces_detected covers it, not multiple people.
        let twoFaces = run(
            (0..<3).map {
                frame($0, faces: [Fixtures.face(), Fixtures.face(left: 0.05)], objects: [person(0.9), person(0.8)])
            })
        #expect(Fixtures.events(twoFaces.outcome, .multiplePeopleDetected).isEmpty)
        #expect(Fixtures.events(twoFaces.outcome, .multipleFacesDetected).count == 1)
        // One person: nothing.
        #expect(
            Fixtures.events(
                run([frame(0, objects: [person(0.9)]), frame(1, objects: [person(0.9)])]).outcome,
                .multiplePeopleDetected
            ).isEmpty)
    }

    @Test func textNeedsConfidenceAndSize() throws {
        let tiny = TextObservation(box: BoundingBox(left: 0, top: 0, width: 0.01, height: 0.01), confidence: 0.9)
        let sign = TextObservation(
            box: BoundingBox(left: 0.1, top: 0.1, width: 0.3, height: 0.05), confidence: 0.8,
            text: "NOTICE")
        let faint = TextObservation(box: sign.box, confidence: 0.5)
        #expect(Fixtures.events(run([frame(0, text: [tiny, faint])]).outcome, .textDetected).isEmpty)
        let event = try #require(Fixtures.events(run([frame(0, text: [tiny, sign])]).outcome, .textDetected).first)
        #expect(event.severity == .info)
        #expect(event.details?.textRegions == 1 && event.details?.text == ["NOTICE"])
    }

    private func face(identity vector: [Float]) -> FaceObservation {
        var face = Fixtures.face()
        face.identity = IdentityDescriptor(vector: vector, sameThreshold: 0.6)
        return face
    }

    @Test func firstConfidentFaceBecomesTheReferenceAndAnotherPersonIsAMismatch() throws {
        let candidate: [Float] = [0, 0, 0, 0]
        let other: [Float] = [0.5, 0.5, 0.5, 0.5]
        let similar: [Float] = [0.1, 0.1, 0, 0]
        // Frames without a descriptor (1, 4) are not examined: they neither break nor extend a run.
        let result = run([
            frame(0, faces: [face(identity: candidate)]), frame(1, faces: [Fixtures.face()]),
            frame(2, faces: [face(identity: similar)]), frame(3, faces: [face(identity: other)]),
            frame(4, faces: [Fixtures.face()]), frame(5, faces: [face(identity: other)]),
            frame(6, faces: [face(identity: similar)]),
        ])
        #expect(result.outcome.identityReference?.source == .firstConfidentFace)
        #expect(result.outcome.identityReference?.frameIndex == 0)
        #expect(result.records[1].identityDistance == nil)
        let event = try #require(Fixtures.events(result.outcome, .faceMismatch).first)
        #expect(event.severity == .critical && event.start == 3 && event.end == 5)
        #expect(event.details?.identityDistance == 1.0 && event.details?.identityThreshold == 0.6)
        #expect(event.details?.referenceFrameIndex == 0)
        #expect(abs(event.peakConfidence - 1.0 / 1.2) < 1e-9)
        #expect(Fixtures.events(result.outcome, .faceMismatch).count == 1)
    }

    @Test func referenceImageIsUsedFromTheFirstFrame() throws {
        let reference = IdentityReference(
            source: .referenceImage,
            descriptor: IdentityDescriptor(vector: [1, 1], sameThreshold: 0.6))
        let result = run(
            [frame(0, faces: [face(identity: [0, 0])]), frame(1, faces: [face(identity: [0, 0])])],
            reference: reference)
        #expect(Fixtures.events(result.outcome, .faceMismatch).count == 1)
        let once = run([frame(0, faces: [face(identity: [0, 0])])], reference: reference)
        #expect(Fixtures.events(once.outcome, .faceMismatch).isEmpty, "one examined frame is not enough")
        var config = ProctorConfig()
        config.faceMismatch.distanceThreshold = 2
        let lenient = run(
            [frame(0, faces: [face(identity: [0, 0])]), frame(1, faces: [face(identity: [0, 0])])], config: config,
            reference: reference)
        #expect(Fixtures.events(lenient.outcome, .faceMismatch).isEmpty)
    }

    private func face(expressions: [String: Double]) -> FaceObservation {
        var face = Fixtures.face()
        face.expressions = expressions
        return face
    }

    @Test func expressionsGiveTheMetricAndTheTimeline() throws {
        let happy = ["HAPPY": 0.7, "CALM": 0.2, "SAD": 0.1]
        let angry = ["ANGRY": 0.6, "CALM": 0.3, "HAPPY": 0.1]
        let result = run([
            frame(0, faces: [face(expressions: happy)]), frame(1, faces: [face(expressions: happy)]),
            frame(2, faces: [face(expressions: angry)]), frame(3, faces: []),
        ])
        #expect(abs((result.records[0].metrics.facialExpression ?? 0) - 90) < 1e-9)
        #expect(abs((result.records[2].metrics.facialExpression ?? 0) - 40) < 1e-9)
        #expect(result.records[2].dominantEmotion == "ANGRY")
        let summary = try #require(ExpressionSummary.build(from: result.outcome.timeline))
        #expect(summary.frames == 3 && summary.dominant == "HAPPY")
        #expect(summary.segments.map(\.expression) == ["HAPPY", "ANGRY"])
        #expect(summary.segments.map(\.frames) == [2, 1])
        #expect(abs(summary.segments[0].meanProbability - 0.7) < 1e-9)
        // Expressions never raise an alert.
        #expect(result.outcome.events.isEmpty)
    }

    @Test func expressionsOffRemovesThemEverywhere() {
        var config = ProctorConfig()
        config.session.expressions = false
        let result = run([frame(0, faces: [face(expressions: ["HAPPY": 1])])], config: config)
        #expect(result.records[0].expressions == nil)
        #expect(result.records[0].metrics.facialExpression == nil)
        #expect(ExpressionSummary.build(from: result.outcome.timeline) == nil)
    }
}
