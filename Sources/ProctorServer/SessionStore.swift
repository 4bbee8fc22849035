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

/// Everything `proctor serve` keeps, in one SQLite database (GRDB) under the data folder: sessions, every frame's
/// observation and result, closed events and final reports. WAL journal with `synchronous = FULL`: a write has reached
/// the disk when the call returns, so whatever the API acknowledged survives a crash. Evidence JPEGs live next to it
/// in `evidence/<session id>/`.
public final class SessionStore: Sendable {
    public let directory: URL
    private let database: DatabaseQueue

    /// Opens (or creates) the store in `directory`. The folder is made owner-only (0700) and the database files
    /// 0600, also when an earlier version left them readable by others.
    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        self.directory = directory
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        database = try DatabaseQueue(path: directory.appendingPathComponent("proctor.sqlite").path,
                                     configuration: configuration)
        try Self.migrator.migrate(database)
        for suffix in ["", "-wal", "-shm"] {
            let file = directory.appendingPathComponent("proctor.sqlite" + suffix).path
            if FileManager.default.fileExists(atPath: file) {
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            }
        }
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
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM session WHERE id = ?", arguments: [session.id]) == nil else {
                return false
            }
            try db.execute(
                sql: "INSERT INTO session (id, jobData, status, startTime, endTime, frameCount, reference, "
                    + "referenceFrom, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [session.id, session.jobData, session.status.rawValue, session.startTime, session.endTime,
                            session.frameCount, session.reference, session.referenceFrom, session.report])
            return true
        }
    }

    public func session(_ id: String) throws -> StoredSession? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM session WHERE id = ?", arguments: [id]).map(Self.session)
        }
    }

    /// A page of sessions, newest first, and how many there are in all.
    public func sessions(status: StoredSession.Status?, limit: Int, offset: Int) throws
        -> (sessions: [StoredSession], total: Int) {
        try database.read { db in
            let filter = status == nil ? "" : " WHERE status = ?"
            let arguments: StatementArguments = status.map { [$0.rawValue] } ?? []
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session" + filter, arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM session" + filter + " ORDER BY startTime DESC, id LIMIT ? OFFSET ?",
                arguments: arguments + [limit, offset])
            return (rows.map(Self.session), total)
        }
    }

    /// Stores one analysed frame and the events it closed, and counts the frame, in one transaction.
    public func append(sessionID: String, index: Int, observation: FrameObservation, record: FrameRecord,
                       closedEvents: [AlertEvent]) throws {
        let observationJSON = try Self.json(observation), recordJSON = try Self.json(record)
        let events = try closedEvents.map { ($0.id, try Self.json($0)) }
        try database.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM session WHERE id = ? AND status = 'active'",
                                   arguments: [sessionID]) == 1 else { throw SessionGone(id: sessionID) }
            try db.execute(sql: "INSERT INTO frame (sessionId, idx, observation, record) VALUES (?, ?, ?, ?)",
                           arguments: [sessionID, index, observationJSON, recordJSON])
            for (id, event) in events {
                try db.execute(sql: "INSERT OR REPLACE INTO event (sessionId, id, event) VALUES (?, ?, ?)",
                               arguments: [sessionID, id, event])
            }
            try db.execute(sql: "UPDATE session SET frameCount = frameCount + 1 WHERE id = ?", arguments: [sessionID])
        }
    }

    /// The stored observations of a session, in frame order (to rebuild its engine state after a restart).
    public func observations(sessionID: String) throws -> [FrameObservation] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT observation FROM frame WHERE sessionId = ? ORDER BY idx",
                                arguments: [sessionID])
        }.map { try Self.decode(FrameObservation.self, $0) }
    }

    /// The stored per-frame results of a session, in frame order.
    public func records(sessionID: String) throws -> [FrameRecord] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT record FROM frame WHERE sessionId = ? ORDER BY idx",
                                arguments: [sessionID])
        }.map { try Self.decode(FrameRecord.self, $0) }
    }

    public func setReference(sessionID: String, reference: IdentityReference, fromFrame: Int) throws {
        let json = try Self.json(reference)
        try database.write { db in
            try db.execute(sql: "UPDATE session SET reference = ?, referenceFrom = ? WHERE id = ?",
                           arguments: [json, fromFrame, sessionID])
        }
    }

    /// Marks the session ended with its final report and events.
    public func end(sessionID: String, at time: Double, report: Report) throws {
        let reportJSON = try Self.json(report)
        let events = try report.events.map { ($0.id, try Self.json($0)) }
        try database.write { db in
            for (id, event) in events {
                try db.execute(sql: "INSERT OR REPLACE INTO event (sessionId, id, event) VALUES (?, ?, ?)",
                               arguments: [sessionID, id, event])
            }
            try db.execute(sql: "UPDATE session SET status = 'ended', endTime = ?, report = ? WHERE id = ?",
                           arguments: [time, reportJSON, sessionID])
        }
    }

    /// Deletes a session, its frames, events and evidence folder; false when it did not exist.
    public func delete(sessionID: String) throws -> Bool {
        let deleted = try database.write { db in
            try db.execute(sql: "DELETE FROM session WHERE id = ?", arguments: [sessionID])
            return db.changesCount > 0
        }
        try? FileManager.default.removeItem(at: evidenceDirectory(sessionID: sessionID))
        return deleted
    }

    /// Deletes the sessions started before `time` (seconds since 1970); returns their ids.
    public func purge(startedBefore time: Double) throws -> [String] {
        let ids = try database.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM session WHERE startTime < ?", arguments: [time])
        }
        for id in ids { _ = try delete(sessionID: id) }
        return ids
    }

    /// `evidence/<session id>/`: the id is a UUID checked by the caller, never free text.
    public func evidenceDirectory(sessionID: String) -> URL {
        directory.appendingPathComponent("evidence").appendingPathComponent(sessionID)
    }

    private static func session(_ row: Row) -> StoredSession {
        StoredSession(id: row["id"], jobData: row["jobData"], status: StoredSession.Status(rawValue: row["status"]) ?? .active,
                      startTime: row["startTime"], endTime: row["endTime"], frameCount: row["frameCount"],
                      reference: row["reference"], referenceFrom: row["referenceFrom"], report: row["report"])
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
