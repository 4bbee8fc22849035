/// One stream of frames (a recording, a live session, a labelled video) driven through a backend and the engine:
/// the one path every command takes from a frame to a report. It owns what belongs to the stream: the session
/// (baseline, events, timeline), the detector schedule, and where the stream has got to.
public struct AnalysisRun {
    public private(set) var session: ProctorSession
    private var schedule: DetectorSchedule
    /// Frames judged so far (observed here or replayed).
    public private(set) var framesAnalysed = 0
    /// Seconds of the last frame judged.
    public private(set) var lastTimestamp: Double?
    /// Pixel size of the last frame observed here.
    public private(set) var lastFrameSize: (width: Int, height: Int)?

    /// `schedule` is where the stream's detector schedule starts (usually the backend's `schedule`);
    /// `identityReference` comes from a reference image, else the first confident face becomes it.
    public init(
        config: ProctorConfig, schedule: DetectorSchedule, evidenceWriter: EvidenceWriter? = nil,
        identityReference: IdentityReference? = nil
    ) {
        session = ProctorSession(config: config, evidenceWriter: evidenceWriter, identityReference: identityReference)
        self.schedule = schedule
    }

    /// Observes `frame` with `analyzer` on this stream's schedule and judges it: the observation (to store, for a
    /// replay) and the frame's record. `keepPixels` false skips evidence for this frame.
    public mutating func process(_ frame: Frame, with analyzer: any FrameAnalyzer, keepPixels: Bool = true) throws
        -> (observation: FrameObservation, record: FrameRecord)
    {
        let observation = try analyzer.analyze(frame, schedule: &schedule)
        lastFrameSize = (frame.width, frame.height)
        return (observation, judge(observation, frame: keepPixels ? frame : nil))
    }

    /// Judges an observation made earlier (replayed from storage after a restart): no backend, no evidence.
    @discardableResult
    public mutating func replay(_ observation: FrameObservation) -> FrameRecord {
        judge(observation, frame: nil)
    }

    /// Uses `reference` for identity checks from the next frame on.
    public mutating func setIdentityReference(_ reference: IdentityReference) {
        session.setIdentityReference(reference)
    }

    /// Ends the stream and builds its report; `notes` are facts about the input the session could not know.
    public mutating func finish(
        input: Report.InputInfo, backend: Report.BackendInfo, toolVersion: String,
        notes: [String] = []
    ) -> Report {
        var outcome = session.finish()
        outcome.notes += notes
        return ReportBuilder.build(
            outcome: outcome, input: input, backend: backend, config: session.config,
            toolVersion: toolVersion)
    }

    private mutating func judge(_ observation: FrameObservation, frame: Frame?) -> FrameRecord {
        let record = session.ingest(observation, frame: frame)
        framesAnalysed += 1
        lastTimestamp = observation.timestamp
        return record
    }
}
