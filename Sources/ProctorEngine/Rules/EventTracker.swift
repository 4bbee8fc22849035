/// Turns one rule's per-frame verdicts into events. A run of `minFrames` qualifying frames raises an event that
/// starts at the run's first qualifying frame. Up to `mergeGapFrames` non-qualifying frames in a row, before or after
/// the event is raised, neither break the run nor count toward it; more end it (closing a raised event at its last
/// qualifying frame, so an event never stretches past what qualified). Frames the rule did not judge are skipped.
/// The frame with the highest confidence is kept (one frame per rule at most) as the evidence.
struct EventTracker {
    let rule: any AlertRule
    let mergeGapFrames: Int
    private var run: [(index: Int, timestamp: Double, confidence: Double)] = []
    private var gap = 0
    private var raisedAt: Double?
    private var peak: (index: Int, timestamp: Double, confidence: Double, frame: Frame?, assessment: FrameAssessment)?
    private var eventNumber = 0

    init(rule: any AlertRule, mergeGapFrames: Int) {
        self.rule = rule
        self.mergeGapFrames = mergeGapFrames
    }

    /// A finished event, with the frame to draw as evidence.
    struct Closed {
        var event: AlertEvent
        var evidenceFrame: Frame?
        var evidenceAssessment: FrameAssessment
    }

    /// Feeds one frame. Returns the alert active at this frame (if the event is raised and the frame qualifies)
    /// and the event closed by this frame, if any.
    mutating func ingest(_ assessment: FrameAssessment, frame: Frame?) -> (alert: FrameAlert?, closed: Closed?) {
        let observation = assessment.observation
        let confidence: Double
        switch rule.verdict(for: assessment) {
        case .notJudged:
            return (nil, nil)
        case .clear:
            // Up to `mergeGapFrames` non-qualifying frames in a row neither end a run nor count toward it, before
            // the event is raised as after: one noisy frame inside a glance does not hide it.
            gap += 1
            if raisedAt == nil {
                if run.isEmpty || gap > mergeGapFrames { reset() }
                return (nil, nil)
            }
            return (nil, gap > mergeGapFrames ? close() : nil)
        case .holds(let value):
            confidence = value
        }
        gap = 0
        run.append((observation.index, observation.timestamp, confidence))
        if peak == nil || confidence > peak!.confidence {
            peak = (observation.index, observation.timestamp, confidence, frame, assessment)
        }
        if raisedAt == nil, run.count >= rule.minFrames {
            raisedAt = observation.timestamp
            eventNumber += 1
        }
        guard raisedAt != nil else { return (nil, nil) }
        return (FrameAlert(type: rule.type, severity: rule.severity, confidence: confidence, eventId: currentId), nil)
    }

    /// Closes the raised event, if any (end of the session).
    mutating func finish() -> Closed? { raisedAt == nil ? nil : close() }

    private var currentId: String { "\(rule.type.rawValue)-\(eventNumber)" }

    /// The raised event as it stands so far (still open: its end may move), without evidence file.
    var openEvent: AlertEvent? {
        guard let raisedAt, let peak, let first = run.first, let last = run.last else { return nil }
        let confidences = run.map(\.confidence)
        return AlertEvent(
            id: currentId, type: rule.type, severity: rule.severity, start: first.timestamp, end: last.timestamp,
            raisedAt: raisedAt, peakConfidence: peak.confidence,
            meanConfidence: confidences.reduce(0, +) / Double(confidences.count), frames: run.map(\.index),
            evidence: Evidence(frameIndex: peak.index, timestamp: peak.timestamp, path: nil),
            details: rule.details(for: peak.assessment))
    }

    private mutating func close() -> Closed? {
        defer { reset() }
        guard let event = openEvent, let peak else { return nil }
        return Closed(event: event, evidenceFrame: peak.frame, evidenceAssessment: peak.assessment)
    }

    private mutating func reset() {
        run.removeAll(keepingCapacity: true)
        gap = 0
        raisedAt = nil
        peak = nil
    }
}
