import Foundation
import GRDB
import ProctorEngine

/// The session was deleted (or ended) while a write for it was queued.
public struct SessionGone: Error {
    public let id: String
}

/// One live session as stored.
public struct StoredSession: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case active, ended }

    public var id: String
    public var jobData: String
    public var status: Status
    /// Seconds since 1970.
    public var startTime: Double
    public var endTime: Double?
    public var frameCount: Int
    /// The registered reference face's identity, JSON (`IdentityReference`), and the frame count when it was
    /// registered (it applies from that frame on).
    public var reference: String?
    public var referenceFrom: Int?
    /// The final report, JSON, once ended.
    public var report: String?
}

/// A session's row: GRDB reads and writes it through its `Codable` conformance (column = property).
extension StoredSession: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "session"
}

/// One analysed frame's row: the observation (to rebuild the engine after a restart) and the result, as JSON.
struct StoredFrame: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "frame"
    var sessionId: String
    var idx: Int
    var observation: String
    var record: String
}

/// One event's row, JSON; closed events are written as they close and again with the final report.
struct StoredEvent: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "event"
    var sessionId: String
    var id: String
    var event: String
}

/// Everything `proctor serve` keeps, in one SQLite database (GRDB) under the data folder: sessions, every frame's
/// observation and result, closed events and final reports. WAL journal with `synchronous = FULL`: a write has reached
/// the disk when the call returns, so whatever the API acknowledged survives a crash. Evidence JPEGs live next to it
/// in `evidence/<session id>/`.
public final class SessionStore: Sendable {
    public let directory: URL
    private let database: any DatabaseWriter

    /// Opens (or creates) the store in `directory`. The folder is made owner-only (0700) and the database files
    /// 0600, also when an earlier version left them readable by others.
    public convenience init(directory: URL) throws {
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let database = try DatabaseQueue(
            path: directory.appendingPathComponent("proctor.sqlite").path,
            configuration: configuration)
        try self.init(writer: database, directory: directory)
        for suffix in ["", "-wal", "-shm"] {
            let file = directory.appendingPathComponent("proctor.sqlite" + suffix).path
            if FileManager.default.fileExists(atPath: file) {
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            }
        }
    }

    /// A store on any GRDB database (an in-memory `DatabaseQueue()` in tests), migrated to the current schema;
    /// evidence goes under `directory`.
    public init(writer: any DatabaseWriter, directory: URL) throws {
        self.directory = directory
        database = writer
        try Self.migrator.migrate(writer)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "session") { table in
                table.primaryKey("id", .text)
                table.column("jobData", .text).notNull()
                table.column("status", .text).notNull()
                table.column("startTime", .double).notNull()
                table.column("endTime", .double)
                table.column("frameCount", .integer).notNull()
                table.column("reference", .text)
                table.column("referenceFrom", .integer)
                table.column("report", .text)
            }
            try db.create(table: "frame") { table in
                table.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                table.column("idx", .integer).notNull()
                table.column("observation", .text).notNull()
                table.column("record", .text).notNull()
                table.primaryKey(["sessionId", "idx"])
            }
            try db.create(table: "event") { table in
                table.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                table.column("id", .text).notNull()
                table.column("event", .text).notNull()
                table.primaryKey(["sessionId", "id"])
            }
        }
        return migrator
    }

    /// Whether the database answers.
    public func isReachable() -> Bool {
        (try? database.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    /// Creates a session; false when the id exists.
    public func create(_ session: StoredSession) throws -> Bool {
        try database.write { db in
            guard try !StoredSession.exists(db, key: session.id) else { return false }
            try session.insert(db)
            return true
        }
    }

    public func session(_ id: String) throws -> StoredSession? {
        try database.read { db in try StoredSession.fetchOne(db, key: id) }
    }

    /// A page of sessions, newest first, and how many there are in all.
    public func sessions(status: StoredSession.Status?, limit: Int, offset: Int) throws
        -> (sessions: [StoredSession], total: Int)
    {
        try database.read { db in
            var query = StoredSession.all()
            if let status { query = query.filter(Column("status") == status.rawValue) }
            let page = try query.order(Column("startTime").desc, Column("id")).limit(limit, offset: offset).fetchAll(db)
            return (page, try query.fetchCount(db))
        }
    }

    /// Stores one analysed frame and the events it closed, and counts the frame, in one transaction.
    public func append(
        sessionID: String, index: Int, observation: FrameObservation, record: FrameRecord,
        closedEvents: [AlertEvent]
    ) throws {
        let frame = StoredFrame(
            sessionId: sessionID, idx: index, observation: try Self.json(observation),
            record: try Self.json(record))
        let events = try Self.rows(closedEvents, sessionID: sessionID)
        try database.write { db in
            let active = StoredSession.filter(key: sessionID).filter(
                Column("status") == StoredSession.Status.active.rawValue)
            guard try active.fetchCount(db) == 1 else { throw SessionGone(id: sessionID) }
            try frame.insert(db)
            for event in events { try event.insert(db, onConflict: .replace) }
            let frameCount = Column("frameCount")
            try StoredSession.filter(key: sessionID).updateAll(db, frameCount.set(to: frameCount + 1))
        }
    }

    /// The stored observations of a session, in frame order (to rebuild its engine state after a restart).
    public func observations(sessionID: String) throws -> [FrameObservation] {
        try frames(sessionID: sessionID).map { try Self.decode(FrameObservation.self, $0.observation) }
    }

    /// The stored per-frame results of a session, in frame order.
    public func records(sessionID: String) throws -> [FrameRecord] {
        try frames(sessionID: sessionID).map { try Self.decode(FrameRecord.self, $0.record) }
    }

    private func frames(sessionID: String) throws -> [StoredFrame] {
        try database.read { db in
            try StoredFrame.filter(Column("sessionId") == sessionID).order(Column("idx")).fetchAll(db)
        }
    }

    public func setReference(sessionID: String, reference: IdentityReference, fromFrame: Int) throws {
        let json = try Self.json(reference)
        try database.write { db in
            _ = try StoredSession.filter(key: sessionID).updateAll(
                db, Column("reference").set(to: json), Column("referenceFrom").set(to: fromFrame))
        }
    }

    /// Marks the session ended with its final report and events.
    public func end(sessionID: String, at time: Double, report: Report) throws {
        let reportJSON = try Self.json(report)
        let events = try Self.rows(report.events, sessionID: sessionID)
        try database.write { db in
            for event in events { try event.insert(db, onConflict: .replace) }
            try StoredSession.filter(key: sessionID).updateAll(
                db, Column("status").set(to: StoredSession.Status.ended.rawValue), Column("endTime").set(to: time),
                Column("report").set(to: reportJSON))
        }
    }

    /// Deletes a session, its frames, events and evidence folder; false when it did not exist.
    public func delete(sessionID: String) throws -> Bool {
        let deleted = try database.write { db in try StoredSession.deleteOne(db, key: sessionID) }
        try? FileManager.default.removeItem(at: evidenceDirectory(sessionID: sessionID))
        return deleted
    }

    /// Deletes the sessions started before `time` (seconds since 1970); returns their ids.
    public func purge(startedBefore time: Double) throws -> [String] {
        let ids = try database.read { db in
            try StoredSession.select(Column("id"), as: String.self).filter(Column("startTime") < time).fetchAll(db)
        }
        for id in ids { _ = try delete(sessionID: id) }
        return ids
    }

    private static func rows(_ events: [AlertEvent], sessionID: String) throws -> [StoredEvent] {
        try events.map { StoredEvent(sessionId: sessionID, id: $0.id, event: try json($0)) }
    }

    /// `evidence/<session id>/`: the id is a UUID checked by the caller, never free text.
    public func evidenceDirectory(sessionID: String) -> URL {
        directory.appendingPathComponent("evidence").appendingPathComponent(sessionID)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
