import Foundation
import ProctorEngine
import ProctorMedia

/// The sessions of `proctor serve`: creates and ends them, routes each frame through the analysis pool in order,
/// and keeps the active ones' engines in memory (rebuilt from storage on first use after a restart).
public final class SessionManager: @unchecked Sendable {
    private let store: SessionStore
    private let pool: AnalysisPool
    public let settings: ServerSettings
    private let lock = NSLock()
    private var live: [String: LiveSession] = [:]

    public init(store: SessionStore, pool: AnalysisPool, settings: ServerSettings) {
        self.store = store
        self.pool = pool
        self.settings = settings
    }

    /// Starts a session with a new UUID, or with `requestedID` (which must be a UUID not in use).
    public func start(requestedID: String?, jobData: String) throws -> StoredSession {
        let id: String
        if let requestedID {
            guard let uuid = UUID(uuidString: requestedID) else {
                throw SessionError.invalidID
            }
            id = uuid.uuidString.lowercased()
        } else {
            id = UUID().uuidString.lowercased()
        }
        let session = StoredSession(
            id: id, jobData: jobData, status: .active, startTime: Date().timeIntervalSince1970,
            endTime: nil, frameCount: 0, reference: nil, referenceFrom: nil, report: nil)
        guard try store.create(session) else { throw SessionError.exists(id) }
        return session
    }

    /// The stored session, or 404. Ids that are not UUIDs cannot exist.
    public func stored(_ id: String) throws -> StoredSession {
        guard let uuid = UUID(uuidString: id), let session = try store.session(uuid.uuidString.lowercased()) else {
            throw SessionError.unknown(id)
        }
        return session
    }

    /// The active session's engine (404 unknown, 409 ended).
    func active(_ id: String) throws -> LiveSession {
        let session = try stored(id)
        guard session.status == .active else { throw SessionError.ended(session.id) }
        lock.lock()
        defer { lock.unlock() }
        if let found = live[session.id] { return found }
        let loaded = try LiveSession(stored: session, store: store, config: settings.config, schedule: pool.schedule)
        live[session.id] = loaded
        return loaded
    }

    /// Analyses one frame of an active session, after its earlier frames.
    public func submitFrame(_ id: String, image: Data) async throws -> FrameRecord {
        try ImageCheck.check(image, limits: settings.imageLimits)
        let session = try active(id)
        let (store, limits) = (self.store, settings.imageLimits)
        return try await submit(key: session.id) { analyzer in
            try session.process(
                image, limits: limits, analyzer: analyzer, store: store, now: Date().timeIntervalSince1970)
        }
    }

    /// Registers the face in `image` as the session's identity reference from its next frame on.
    public func registerFace(_ id: String, image: Data) async throws -> FaceObservation {
        try ImageCheck.check(image, limits: settings.imageLimits)
        let session = try active(id)
        let (store, config, limits) = (self.store, settings.config, settings.imageLimits)
        return try await submit(key: session.id) { analyzer in
            let (face, descriptor, _) = try Self.unusableImageIsBadRequest {
                try analyzer.singleFace(
                    in: try ImageLoader.decode(image, name: "reference face", limits: limits),
                    role: "reference face", selection: config.faceSelection)
            }
            try session.register(IdentityReference(source: .referenceImage, descriptor: descriptor), store: store)
            return face
        }
    }

    /// Compares the face on an ID document with a live face.
    public func verifyDocument(document: Data, face: Data) async throws
        -> (comparison: IdentityComparison, document: IdentityVerdict.Face, live: IdentityVerdict.Face)
    {
        try ImageCheck.check(document, limits: settings.imageLimits)
        try ImageCheck.check(face, limits: settings.imageLimits)
        let (config, limits) = (settings.config, settings.imageLimits)
        return try await submit(key: "verify-\(UUID().uuidString)") { analyzer in
            let (onDocument, live) = try Self.unusableImageIsBadRequest {
                (
                    try analyzer.singleFace(
                        in: try ImageLoader.decode(document, name: "document", limits: limits),
                        role: "document", selection: config.faceSelection),
                    try analyzer.singleFace(
                        in: try ImageLoader.decode(face, name: "face", limits: limits), role: "face",
                        selection: config.faceSelection)
                )
            }
            guard let comparison = IdentityComparison(onDocument.descriptor, live.descriptor) else {
                throw SessionError.unsupported("the backend gives no descriptors to compare")
            }
            return (
                comparison, IdentityVerdict.Face(onDocument.face, otherFaces: onDocument.otherFaces),
                IdentityVerdict.Face(live.face, otherFaces: live.otherFaces)
            )
        }
    }

    /// Ends an active session after its pending frames, stores and returns the final report.
    public func end(_ id: String) async throws -> Report {
        let session = try active(id)
        let (store, settings) = (self.store, self.settings)
        let report = try await submit(key: session.id) { _ in
            let report = try session.finish(backend: settings.backend, toolVersion: settings.toolVersion)
            try store.end(sessionID: session.id, at: Date().timeIntervalSince1970, report: report)
            return report
        }
        forget(session.id)
        return report
    }

    /// Deletes a session and everything stored for it, after its pending frames.
    public func delete(_ id: String) async throws {
        let session = try stored(id)
        let store = self.store
        // Forgotten inside the job, so that frames queued behind the delete are refused (404) rather than run.
        let deleted = try await submit(key: session.id) { [self] _ in
            defer { forget(session.id) }
            return try store.delete(sessionID: session.id)
        }
        guard deleted else { throw SessionError.unknown(id) }
    }

    /// Closed and open events of a session (stored ones once it has ended).
    public func events(_ id: String) throws -> [AlertEvent] {
        let session = try stored(id)
        if session.status == .active { return try active(id).events }
        return try report(of: session)?.events ?? []
    }

    /// The final report of an ended session; nil while it is active.
    func report(of session: StoredSession) throws -> Report? {
        try session.report.map { try SessionStore.decode(Report.self, $0) }
    }

    /// The per-frame results of a session, in frame order.
    func records(of session: StoredSession) throws -> [FrameRecord] { try store.records(sessionID: session.id) }

    /// A page of sessions, newest first, and how many there are in all.
    func sessions(status: StoredSession.Status?, page: Int, perPage: Int) throws
        -> (sessions: [StoredSession], total: Int)
    {
        try store.sessions(status: status, limit: perPage, offset: (page - 1) * perPage)
    }

    /// What `/health` reports about the storage and the analysis pool.
    var health: (storageReachable: Bool, workers: Int, queueCapacity: Int, queued: Int) {
        (store.isReachable(), pool.workers, pool.capacity, pool.load)
    }

    /// Deletes sessions older than the retention period; returns how many.
    @discardableResult
    public func purgeExpired(now: Date = Date()) throws -> Int {
        guard let days = settings.retentionDays else { return 0 }
        let ids = try store.purge(startedBefore: now.timeIntervalSince1970 - days * 86_400)
        ids.forEach(forget)
        return ids.count
    }

    /// A still that shows no face, several, or cannot be decoded is the client's problem: 400 with the reason.
    private static func unusableImageIsBadRequest<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SessionError { throw error } catch {
            throw SessionError.unusableInput("\(error)")
        }
    }

    /// Drops a session's engine; jobs still queued for it are refused (404).
    private func forget(_ id: String) {
        lock.lock()
        live.removeValue(forKey: id)?.markDeleted()
        lock.unlock()
    }

    /// Runs a job in the pool, turning a full queue into 429 and engine failures into API errors.
    private func submit<T: Sendable>(key: String, _ job: @escaping @Sendable (LiveAnalyzer) throws -> T) async throws
        -> T
    {
        do {
            return try await pool.submit(key: key, job)
        } catch let saturated as PoolSaturated {
            throw SessionError.busy(retryAfter: saturated.retryAfter)
        } catch let error as MediaError {
            throw SessionError.unusableInput("\(error)")
        } catch let gone as SessionGone {
            throw SessionError.unknown(gone.id)
        }
    }
}
