import Foundation
import ProctorEngine

/// Runs one recording through sampler, analyzer and session, and builds its report. Decoding runs one or two frames
/// ahead on its own thread (`FramePrefetcher`). Used by `proctor analyze` and the tests, so both exercise the same
/// path.
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

    public init(fps: Double, config: ProctorConfig, evidenceDirectory: URL?, identityReference: IdentityReference? = nil,
                toolVersion: String, onFrame: ((FrameRecord) -> Void)? = nil, onOpen: ((VideoInfo) -> Void)? = nil) {
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
        var session = ProctorSession(config: config, evidenceWriter: writer.map { writer in
            { name, frame, assessment in try writer.write(name: name, frame: frame, assessment: assessment) }
        }, identityReference: identityReference)
        var analysed = 0
        var lastTimestamp: Double?
        var failure: String?
        let frames = FramePrefetcher(sampler: sampler)
        while let frame = try frames.next() {
            let observation: FrameObservation
            do { observation = try analyzer.analyze(frame) } catch let error as RunStoppingError {
                frames.stop()
                throw error
            } catch {
                failure = "analysis stopped at \(String(format: "%.2f", frame.timestamp)) s: \(error)"
                frames.stop()
                break
            }
            let record = session.ingest(observation, frame: writer == nil ? nil : frame)
            analysed += 1
            lastTimestamp = frame.timestamp
            onFrame?(record)
        }
        var outcome = session.finish()
        outcome.notes += sampler.notes
        if sampler.damagedPackets > 0 {
            outcome.notes.append("\(sampler.damagedPackets) damaged packet(s) were skipped by the decoder")
        }
        let reason = failure ?? sampler.interruption
        let info = sampler.info
        let input = Report.InputInfo(
            file: path, container: info.container, codec: info.codec, durationSeconds: info.duration,
            width: info.width, height: info.height, rotation: info.rotation, sampledFps: fps,
            framesAnalysed: analysed, lastFrameSeconds: lastTimestamp, partial: reason != nil, partialReason: reason)
        return ReportBuilder.build(outcome: outcome, input: input,
                                   backend: .init(name: analyzer.backendName, models: analyzer.models,
                                                  usage: analyzer.usage),
                                   config: config, toolVersion: toolVersion)
    }
}
