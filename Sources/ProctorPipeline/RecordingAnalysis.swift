import Foundation
import ProctorEngine
import ProctorMedia

/// Runs one recording: decodes it (`VideoSampler`, one or two frames ahead on its own thread through
/// `FramePrefetcher`) and feeds every sampled frame through an `AnalysisRun`, then builds the report. Used by
/// `proctor analyze`, batches, `proctor eval` and the tests, so all exercise the same path.
public struct RecordingAnalysis {
    public var fps: Double
    /// Largest picture and longest timeline analysed.
    public var limits = MediaLimits()
    public var config: ProctorConfig
    public var evidenceDirectory: URL?
    /// From a reference image; without it the session takes the first confident face.
    public var identityReference: IdentityReference?
    public var toolVersion: String
    /// Called after each analysed frame (progress output).
    public var onFrame: ((FrameRecord) -> Void)?
    /// Called once the recording is open, with what its container declares (duration for progress).
    public var onOpen: ((VideoInfo) -> Void)?

    public init(
        fps: Double, config: ProctorConfig, evidenceDirectory: URL?, identityReference: IdentityReference? = nil,
        toolVersion: String, onFrame: ((FrameRecord) -> Void)? = nil, onOpen: ((VideoInfo) -> Void)? = nil
    ) {
        self.onOpen = onOpen
        self.fps = fps
        self.config = config
        self.evidenceDirectory = evidenceDirectory
        self.identityReference = identityReference
        self.toolVersion = toolVersion
        self.onFrame = onFrame
    }

    public func run(path: String, analyzer: any FrameAnalyzer) throws -> Report {
        let sampler = try VideoSampler(path: path, fps: fps, limits: limits)
        onOpen?(sampler.info)
        let prefix = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let writer = try evidenceDirectory.map { try EvidenceImageWriter(directory: $0, prefix: prefix) }
        var run = AnalysisRun(
            config: config, schedule: analyzer.schedule, evidenceWriter: writer?.evidenceWriter,
            identityReference: identityReference)
        var failure: String?
        let frames = FramePrefetcher(sampler: sampler)
        while let frame = try frames.next() {
            let record: FrameRecord
            do { record = try run.process(frame, with: analyzer, keepPixels: writer != nil).record } catch let error
                as RunStoppingError
            {
                frames.stop()
                throw error
            } catch {
                failure = "analysis stopped at \(String(format: "%.2f", frame.timestamp)) s: \(error)"
                frames.stop()
                break
            }
            onFrame?(record)
        }
        var notes = sampler.notes
        if sampler.damagedPackets > 0 {
            notes.append("\(sampler.damagedPackets) damaged packet(s) were skipped by the decoder")
        }
        let reason = failure ?? sampler.interruption
        let info = sampler.info
        let input = Report.InputInfo(
            file: path, container: info.container, codec: info.codec, durationSeconds: info.duration,
            width: info.width, height: info.height, rotation: info.rotation, sampledFps: fps,
            framesAnalysed: run.framesAnalysed, lastFrameSeconds: run.lastTimestamp, partial: reason != nil,
            partialReason: reason)
        return run.finish(
            input: input,
            backend: .init(
                name: analyzer.backendName, models: analyzer.models,
                usage: analyzer.usage),
            toolVersion: toolVersion, notes: notes)
    }
}
