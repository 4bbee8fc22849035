/// One stream's frames observed by a backend on the stream's own schedule, without judging them: for callers that
/// want observations only (probes, diagnostics, backend tests). `AnalysisRun` is the judging driver.
public final class FrameStream<Analyzer: FrameAnalyzer> {
    public let analyzer: Analyzer
    public private(set) var schedule: DetectorSchedule

    /// Starts a stream on the backend's configured schedule.
    public init(_ analyzer: Analyzer) {
        self.analyzer = analyzer
        schedule = analyzer.schedule
    }

    /// Observes the stream's next frame.
    public func analyze(_ frame: Frame) throws -> FrameObservation {
        try analyzer.analyze(frame, schedule: &schedule)
    }

    public var usage: BackendUsage? { analyzer.usage }
}
