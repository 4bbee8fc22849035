/// Writes an evidence JPEG (for an event, named by its id, or for the identity reference) and returns its path.
/// Supplied by whoever can encode images.
public typealias EvidenceWriter = (_ name: String, _ frame: Frame, _ assessment: FrameAssessment) throws -> String

/// Everything a session produced once it is finished.
public struct SessionOutcome: Sendable {
    public var events: [AlertEvent]
    public var timeline: [FrameRecord]
    public var coverage: Coverage
    public var baseline: BaselineSummary
    /// The identity reference, when one was set or found.
    public var identityReference: IdentityReference?
    /// Problems that did not stop the analysis (an evidence file that could not be written, ...).
    public var notes: [String]
}

/// The session engine: feed it observations in time order, one per sampled frame; it keeps the baseline, computes
/// metrics, tracks events and returns each frame's record (with the alerts active at that frame) immediately.
public struct ProctorSession {
    /// What the session does beyond the rules: how events merge across short gaps, and whether apparent expression
    /// is analysed at all.
    public struct Settings: ConfigSection {
        /// Non-qualifying frames tolerated inside an event before it closes.
        public var mergeGapFrames = 1
        /// Apparent facial expression analysis; false removes it from the analysis and the report entirely.
        public var expressions = true

        public init() {}
        public static var fields: [ConfigField<Self>] {
            [.value("mergeGapFrames", \.mergeGapFrames), .value("expressions", \.expressions)]
        }

        public func validate() throws {
            guard mergeGapFrames >= 0 else { throw ConfigError.invalid("merge_gap_frames must be at least 0") }
        }
    }

    public let config: ProctorConfig
    private let evidenceWriter: EvidenceWriter?
    private var trackers: [EventTracker]
    private var baseline: GazeBaseline
    private var previousPrimary: FaceObservation?
    private var events: [AlertEvent] = []
    private var timeline: [FrameRecord] = []
    private var coverage = Coverage()
    private var notes: [String] = []
    private var identityReference: IdentityReference?
    /// Why frames could not be analysed, with how many frames each reason cost, in order of first appearance.
    private var unanalysedReasons: [(reason: String, frames: Int)] = []

    /// `identityReference` comes from a reference image; without it the first confident face becomes the reference.
    public init(
        config: ProctorConfig = ProctorConfig(), evidenceWriter: EvidenceWriter? = nil,
        identityReference: IdentityReference? = nil
    ) {
        self.config = config
        self.evidenceWriter = evidenceWriter
        self.identityReference = identityReference
        trackers = config.rules.map { EventTracker(rule: $0, mergeGapFrames: config.session.mergeGapFrames) }
        baseline = GazeBaseline(targetFrames: config.baseline.frames)
    }

    /// Processes one frame. `frame` (the pixels) is only kept when it may become evidence; pass nil to skip evidence.
    public mutating func ingest(_ observation: FrameObservation, frame: Frame? = nil) -> FrameRecord {
        let observation = config.session.expressions ? observation : observation.withoutExpressions
        let assessment = assess(observation, frame: frame)
        if let reason = observation.unanalysedReason { countUnanalysed(reason) }
        coverage.count(Coverage.category(of: assessment))
        var alerts: [FrameAlert] = []
        for position in trackers.indices {
            let (alert, closed) = trackers[position].ingest(assessment, frame: frame)
            if let alert { alerts.append(alert) }
            if let closed { record(closed) }
        }
        let face = assessment.primaryFace
        let record = FrameRecord(
            index: observation.index, timestamp: observation.timestamp, faceCount: assessment.usableFaces.count,
            detectedFaces: observation.faces.count, quality: observation.quality,
            qualityVerdict: assessment.quality, faceConfidence: face?.confidence, pose: face?.pose,
            eyeDirection: face?.eyeDirection, gazeDeviation: assessment.gaze, expressions: face?.expressions,
            dominantEmotion: face?.expressions?.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key,
            identityDistance: assessment.identity?.distance, eyesOpen: face?.eyesOpen, mouthOpen: face?.mouthOpen,
            faceQuality: face?.quality, objects: observation.objects, text: observation.text,
            metrics: assessment.metrics, unanalysedReason: observation.unanalysedReason, alerts: alerts)
        timeline.append(record)
        return record
    }

    /// Events closed so far, in the order they closed.
    public var closedEvents: [AlertEvent] { events }

    /// Events raised and still open, as they stand (a live session's current alerts).
    public var openEvents: [AlertEvent] { trackers.compactMap(\.openEvent) }

    /// Replaces the identity reference from this frame on (a reference face registered mid-session).
    public mutating func setIdentityReference(_ reference: IdentityReference) {
        identityReference = reference
    }

    /// Closes open events and returns the whole session.
    public mutating func finish() -> SessionOutcome {
        for position in trackers.indices {
            if let closed = trackers[position].finish() { record(closed) }
        }
        events.sort { ($0.start, $0.type.rawValue) < ($1.start, $1.type.rawValue) }
        notes += unanalysedReasons.map { "\($0.frames) frame(s) not analysed: \($0.reason)" }
        unanalysedReasons.removeAll()
        return SessionOutcome(
            events: events, timeline: timeline, coverage: coverage, baseline: baseline.summary,
            identityReference: identityReference, notes: notes)
    }

    private mutating func assess(_ observation: FrameObservation, frame: Frame?) -> FrameAssessment {
        let usable = FrameAssessment.usableFaces(in: observation, config: config)
        let quality = config.quality.verdict(on: observation)
        let face = usable.first
        let confidentSingleFace = config.confidentSingleFace(in: observation) != nil
        if let face, confidentSingleFace, let pose = face.pose {
            baseline.consider(pose: pose, eyes: face.eyeDirection)
        }
        if identityReference == nil, confidentSingleFace, let face, let descriptor = face.identity {
            identityReference = IdentityReference(
                source: .firstConfidentFace, descriptor: descriptor,
                frameIndex: observation.index, timestamp: observation.timestamp)
        }
        var identity: IdentityCheck?
        if usable.count == 1, let descriptor = face?.identity {
            identity = identityReference?.check(descriptor, thresholdOverride: config.faceMismatch.distanceThreshold)
        }
        var metrics = FrameMetrics()
        var gaze: GazeDeviation?
        if let face {
            gaze = baseline.deviation(of: face, trustEyes: quality == .ok || quality == .unknown)
            let steadiness = MetricFormulas.steadiness(face: face, previous: previousPrimary)
            metrics.confidence = MetricFormulas.confidence(face: face)
            metrics.eyeContact = MetricFormulas.eyeContact(gaze: gaze)
            metrics.posture = MetricFormulas.posture(face: face, steadiness: steadiness)
            metrics.engagement = MetricFormulas.engagement(
                gaze: gaze, eyeContact: metrics.eyeContact,
                steadiness: steadiness)
            metrics.facialExpression = face.expressions.flatMap(MetricFormulas.facialExpression)
        }
        previousPrimary = face
        let assessment = FrameAssessment(
            observation: observation, usableFaces: usable, quality: quality, gaze: gaze,
            identity: identity, metrics: metrics)
        if let reference = identityReference, reference.frameIndex == observation.index,
            reference.evidencePath == nil, let frame
        {
            let path = writeEvidence(named: "identity-reference", frame: frame, assessment: assessment)
            identityReference?.evidencePath = path
        }
        return assessment
    }

    private mutating func countUnanalysed(_ reason: String) {
        if let position = unanalysedReasons.firstIndex(where: { $0.reason == reason }) {
            unanalysedReasons[position].frames += 1
        } else {
            unanalysedReasons.append((reason, 1))
        }
    }

    private mutating func writeEvidence(named name: String, frame: Frame, assessment: FrameAssessment) -> String? {
        guard let writer = evidenceWriter else { return nil }
        do { return try writer(name, frame, assessment) } catch {
            notes.append("evidence \(name) not written: \(error)")
            return nil
        }
    }

    private mutating func record(_ closed: EventTracker.Closed) {
        var event = closed.event
        if let frame = closed.evidenceFrame {
            event.evidence.path = writeEvidence(named: event.id, frame: frame, assessment: closed.evidenceAssessment)
        }
        events.append(event)
    }
}
