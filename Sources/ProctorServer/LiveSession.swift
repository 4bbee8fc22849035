import Foundation
import ProctorEngine
import ProctorMedia

/// The engine state of one active session: its `ProctorSession`, detector schedule and frame count. Frames are
/// processed one at a time (the analysis pool runs a session's jobs in order); reads from API handlers take the lock.
/// After a restart the state is rebuilt by replaying the stored observations through a new engine.
final class LiveSession: @unchecked Sendable {
    let id: String
    /// Seconds since 1970: frame timestamps are seconds since this.
    let startTime: Double
    private let lock = NSLock()
    private var engine: ProctorSession
    private var schedule = DetectorSchedule()
    private var frameCount = 0
    private var lastTimestamp = 0.0
    private var frameSize: (width: Int, height: Int)?
    /// Set once the session is ended or deleted: jobs queued behind that are refused.
    private var closed: APIError?

    init(stored: StoredSession, store: SessionStore, config: ProctorConfig) throws {
        id = stored.id
        startTime = stored.startTime
        let writer = try EvidenceImageWriter(directory: store.evidenceDirectory(sessionID: stored.id), prefix: "frame")
        engine = ProctorSession(config: config, evidenceWriter: { name, frame, assessment in
            try writer.write(name: name, frame: frame, assessment: assessment)
        })
        let reference = try stored.reference.map { try SessionStore.decode(IdentityReference.self, $0) }
        for observation in try store.observations(sessionID: stored.id) {
            if let reference, frameCount == stored.referenceFrom { engine.setIdentityReference(reference) }
            _ = engine.ingest(observation)
            frameCount += 1
            lastTimestamp = observation.timestamp
        }
        if let reference, frameCount <= (stored.referenceFrom ?? 0) { engine.setIdentityReference(reference) }
    }

    /// Decodes, analyses, records and stores one frame; returns its record and the events it closed. Runs on a
    /// pool worker.
    func process(_ image: Data, analyzer: LiveAnalyzer, store: SessionStore, now: Double) throws -> FrameRecord {
        lock.lock()
        defer { lock.unlock() }
        if let closed { throw closed }
        let timestamp = max(lastTimestamp, now - startTime)
        let frame = try ImageLoader.decode(image, name: "frame", index: frameCount, timestamp: timestamp)
        let observation = try analyzer.analyze(frame, schedule: &schedule)
        let closedBefore = engine.closedEvents.count
        let record = engine.ingest(observation, frame: frame)
        try store.append(sessionID: id, index: frameCount, observation: observation, record: record,
                         closedEvents: Array(engine.closedEvents.dropFirst(closedBefore)))
        frameCount += 1
        lastTimestamp = timestamp
        frameSize = (frame.width, frame.height)
        return record
    }

    /// Uses `reference` for identity checks from the next frame on, and stores it.
    func register(_ reference: IdentityReference, store: SessionStore) throws {
        lock.lock()
        defer { lock.unlock() }
        if let closed { throw closed }
        try store.setReference(sessionID: id, reference: reference, fromFrame: frameCount)
        engine.setIdentityReference(reference)
    }

    /// Refuses every later job: the session was deleted or purged (an ended one keeps refusing as ended).
    func markDeleted() {
        lock.lock()
        if closed == nil { closed = APIError.unknownSession(id) }
        lock.unlock()
    }

    /// Closed events and the ones still open.
    var events: [AlertEvent] {
        lock.lock()
        defer { lock.unlock() }
        return (engine.closedEvents + engine.openEvents).sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    /// Ends the engine and builds the final report (the same model as `proctor analyze`).
    func finish(backend: Report.BackendInfo, config: ProctorConfig, toolVersion: String) throws -> Report {
        lock.lock()
        defer { lock.unlock() }
        if let closed { throw closed }
        closed = APIError.ended(id)
        let outcome = engine.finish()
        let input = Report.InputInfo(
            file: "live session \(id)", container: nil, codec: nil, durationSeconds: frameCount > 0 ? lastTimestamp : nil,
            width: frameSize?.width ?? 0, height: frameSize?.height ?? 0, rotation: 0,
            sampledFps: lastTimestamp > 0 ? Double(max(frameCount - 1, 0)) / lastTimestamp : 0,
            framesAnalysed: frameCount, lastFrameSeconds: frameCount > 0 ? lastTimestamp : nil, partial: false,
            partialReason: nil)
        return ReportBuilder.build(outcome: outcome, input: input, backend: backend, config: config,
                                   toolVersion: toolVersion)
    }
}
