import Foundation
import ProctorEngine
import ProctorMedia
import ProctorPipeline

/// One active session: its `AnalysisRun` (the same driver as `proctor analyze`) plus storage and a lock. Frames are
/// processed one at a time (the analysis pool runs a session's jobs in order); reads from API handlers take the lock.
/// After a restart the run is rebuilt by replaying the stored observations.
final class LiveSession: @unchecked Sendable {
    let id: String
    /// Seconds since 1970: frame timestamps are seconds since this.
    let startTime: Double
    private let lock = NSLock()
    private var run: AnalysisRun
    /// Set once the session is ended or deleted: jobs queued behind that are refused.
    private var closed: SessionError?

    init(stored: StoredSession, store: SessionStore, config: ProctorConfig, schedule: DetectorSchedule) throws {
        id = stored.id
        startTime = stored.startTime
        let writer = try EvidenceImageWriter(directory: store.evidenceDirectory(sessionID: stored.id), prefix: "frame")
        run = AnalysisRun(config: config, schedule: schedule, evidenceWriter: writer.evidenceWriter)
        let reference = try stored.reference.map { try SessionStore.decode(IdentityReference.self, $0) }
        for observation in try store.observations(sessionID: stored.id) {
            if let reference, run.framesAnalysed == stored.referenceFrom { run.setIdentityReference(reference) }
            run.replay(observation)
        }
        if let reference, run.framesAnalysed <= (stored.referenceFrom ?? 0) { run.setIdentityReference(reference) }
    }

    /// Decodes, analyses, records and stores one frame; returns its record. Runs on a pool worker.
    func process(_ image: Data, limits: MediaLimits, analyzer: any FrameAnalyzer, store: SessionStore, now: Double)
        throws
        -> FrameRecord
    {
        lock.lock()
        defer { lock.unlock() }
        if let closed { throw closed }
        let index = run.framesAnalysed
        let timestamp = max(run.lastTimestamp ?? 0, now - startTime)
        let frame = try ImageLoader.decode(image, name: "frame", index: index, timestamp: timestamp, limits: limits)
        let closedBefore = run.session.closedEvents.count
        let (observation, record) = try run.process(frame, with: analyzer)
        try store.append(
            sessionID: id, index: index, observation: observation, record: record,
            closedEvents: Array(run.session.closedEvents.dropFirst(closedBefore)))
        return record
    }

    /// Uses `reference` for identity checks from the next frame on, and stores it.
    func register(_ reference: IdentityReference, store: SessionStore) throws {
        lock.lock()
        defer { lock.unlock() }
        if let closed { throw closed }
        try store.setReference(sessionID: id, reference: reference, fromFrame: run.framesAnalysed)
        run.setIdentityReference(reference)
    }

    /// Refuses every later job: the session was deleted or purged (an ended one keeps refusing as ended).
    func markDeleted() {
        lock.lock()
        if closed == nil { closed = SessionError.unknown(id) }
        lock.unlock()
    }

    /// Closed events and the ones still open.
    var events: [AlertEvent] {
        lock.lock()
        defer { lock.unlock() }
        return (run.session.closedEvents + run.session.openEvents).sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    /// Ends the run and builds the final report (the same model as `proctor analyze`).
    func finish(backend: Report.BackendInfo, toolVersion: String) throws -> Report {
        lock.lock()
        defer { lock.unlock() }
        if let closed { throw closed }
        closed = SessionError.ended(id)
        let frames = run.framesAnalysed
        let last = run.lastTimestamp ?? 0
        let input = Report.InputInfo(
            file: "live session \(id)", container: nil, codec: nil, durationSeconds: frames > 0 ? last : nil,
            width: run.lastFrameSize?.width ?? 0, height: run.lastFrameSize?.height ?? 0, rotation: 0,
            sampledFps: last > 0 ? Double(max(frames - 1, 0)) / last : 0,
            framesAnalysed: frames, lastFrameSeconds: frames > 0 ? last : nil, partial: false, partialReason: nil)
        return run.finish(input: input, backend: backend, toolVersion: toolVersion)
    }
}
