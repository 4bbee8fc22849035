/// Writes the evidence JPEG for a finished event and returns its path. Supplied by whoever can encode images.
public typealias EvidenceWriter = (_ event: AlertEvent, _ frame: Frame, _ assessment: FrameAssessment) throws -> String

/// Everything a session produced once it is finished.
public struct SessionOutcome: Sendable {
    public var events: [AlertEvent]
    public var timeline: [FrameRecord]
    public var coverage: Coverage
    public var baseline: BaselineSummary
    /// Problems that did not stop the analysis (an evidence file that could not be written, ...).
    public var notes: [String]
}

/// The session engine: feed it observations in time order, one per sampled frame; it keeps the baseline, computes
/// metrics, tracks events and returns each frame's record (with the alerts active at that frame) immediately.
public struct ProctorSession {
    public let config: ProctorConfig
    private let evidenceWriter: EvidenceWriter?
    private var trackers: [EventTracker]
    private var baseline: GazeBaseline
    private var previousPrimary: FaceObservation?
    private var events: [AlertEvent] = []
    private var timeline: [FrameRecord] = []
    private var coverage = Coverage()
    private var notes: [String] = []

    public init(config: ProctorConfig = ProctorConfig(), evidenceWriter: EvidenceWriter? = nil) {
        self.config = config
        self.evidenceWriter = evidenceWriter
        trackers = config.rules.map { EventTracker(rule: $0, mergeGapFrames: config.mergeGapFrames) }
        baseline = GazeBaseline(targetFrames: config.baselineFrames)
    }

    /// Processes one frame. `frame` (the pixels) is only kept when it may become evidence; pass nil to skip evidence.
    public mutating func ingest(_ observation: FrameObservation, frame: Frame? = nil) -> FrameRecord {
        let assessment = assess(observation)
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
            eyeDirection: face?.eyeDirection, gazeDeviation: assessment.gaze, metrics: assessment.metrics,
            alerts: alerts)
        timeline.append(record)
        return record
    }

    /// Closes open events and returns the whole session.
    public mutating func finish() -> SessionOutcome {
        for position in trackers.indices {
            if let closed = trackers[position].finish() { record(closed) }
        }
        events.sort { ($0.start, $0.type.rawValue) < ($1.start, $1.type.rawValue) }
        return SessionOutcome(events: events, timeline: timeline, coverage: coverage, baseline: baseline.summary,
                              notes: notes)
    }

    private mutating func assess(_ observation: FrameObservation) -> FrameAssessment {
        let usable = FrameAssessment.usableFaces(in: observation, config: config)
        let quality = FrameAssessment.qualityVerdict(observation.quality, config: config)
        let face = usable.first
        if let face, usable.count == 1, quality == .ok, face.confidence >= config.baselineMinConfidence,
           let pose = face.pose {
            baseline.consider(pose: pose, eyes: face.eyeDirection)
        }
        var metrics = FrameMetrics()
        var gaze: GazeDeviation?
        if let face {
            gaze = baseline.deviation(of: face, trustEyes: quality == .ok || quality == .unknown)
            let steadiness = MetricFormulas.steadiness(face: face, previous: previousPrimary)
            metrics.confidence = MetricFormulas.confidence(face: face)
            metrics.eyeContact = MetricFormulas.eyeContact(gaze: gaze)
            metrics.posture = MetricFormulas.posture(face: face, steadiness: steadiness)
            metrics.engagement = MetricFormulas.engagement(gaze: gaze, eyeContact: metrics.eyeContact,
                                                           steadiness: steadiness)
        }
        previousPrimary = face
        return FrameAssessment(observation: observation, usableFaces: usable, quality: quality, gaze: gaze,
                               metrics: metrics)
    }

    private mutating func record(_ closed: EventTracker.Closed) {
        var event = closed.event
        if let writer = evidenceWriter, let frame = closed.evidenceFrame {
            do { event.evidence.path = try writer(event, frame, closed.evidenceAssessment) } catch {
                notes.append("evidence for \(event.id) not written: \(error)")
            }
        }
        events.append(event)
    }
}
