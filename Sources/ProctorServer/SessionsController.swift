import Foundation
import Hummingbird
import ProctorEngine
import ProctorFormats

/// The session routes under `/api/sessions` (the seed's API plus storage-backed extras), all answering JSON. Session
/// ids stay strings here: an id that is not a UUID is an unknown session (404), as in the seed, not a bad request.
struct SessionsController {
    typealias Context = ProctorRequestContext
    let manager: SessionManager
    var settings: ServerSettings { manager.settings }
    var bodies: RequestBodies { RequestBodies(settings: settings) }

    /// Highest page number accepted: far beyond any real listing, and `(page - 1) * per_page` cannot overflow.
    static let maxPage = 1_000_000

    func register(on group: RouterGroup<Context>) {
        group.post("start") { request, _ in try await self.start(request) }
        group.get { request, _ in try self.list(request) }
        group.get(":id") { _, context in Payload.Session(session: .init(try self.manager.stored(try Self.id(context))))
        }
        group.delete(":id") { _, context in
            let id = try Self.id(context)
            try await self.manager.delete(id)
            return Payload.Deleted(sessionId: id.lowercased())
        }
        group.post(":id/frame") { request, context in
            let image = try await self.bodies.image(from: request)
            return Payload.Frame(result: .init(try await self.manager.submitFrame(try Self.id(context), image: image)))
        }
        group.post(":id/register-face") { request, context in
            let id = try Self.id(context)
            let face = try await self.manager.registerFace(id, image: try await self.bodies.image(from: request))
            return Payload.RegisteredFace(sessionId: id.lowercased(), face: .init(face))
        }
        group.get(":id/metrics") { _, context in try self.metrics(try Self.id(context)) }
        group.get(":id/alerts") { _, context in try self.alerts(try Self.id(context)) }
        group.get(":id/emotions") { _, context in try self.emotions(try Self.id(context)) }
        group.post(":id/end") { _, context in
            let id = try Self.id(context)
            return Payload.Ended(sessionId: id.lowercased(), report: try await self.manager.end(id))
        }
        group.get(":id/report") { _, context in
            let session = try self.manager.stored(try Self.id(context))
            guard let report = try self.manager.report(of: session) else {
                throw APIError(.conflict, "session \(session.id) is still active")
            }
            return Payload.StoredReport(sessionId: session.id, report: report)
        }
    }

    static func id(_ context: Context) throws -> String {
        try context.parameters.require("id")
    }

    func start(_ request: Request) async throws -> Payload.Started {
        let (requestedID, jobData) = try Self.startRequest(
            try await bodies.data(of: request), limits: settings.jobDataLimits)
        let session = try manager.start(requestedID: requestedID, jobData: jobData)
        return Payload.Started(
            sessionId: session.id, status: session.status,
            startTime: APIPayloads.isoDate(session.startTime))
    }

    /// The optional `session_id` and `job_data` (canonical JSON text, `{}` when absent) of a start request.
    static func startRequest(_ data: Data, limits: JSONLimits) throws -> (id: String?, jobData: String) {
        guard !data.isEmpty else { return (nil, "{}") }
        var limits = limits
        limits.maxDepth += 1  // the body object around job_data
        do { try limits.check(data, name: "the body") } catch let error as FormatError { throw APIError(error) }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw APIError.badRequest("the body must be a JSON object")
        }
        var jobData = "{}"
        if let job = object["job_data"], !(job is NSNull) {
            guard JSONSerialization.isValidJSONObject(job), job is [String: Any] else {
                throw APIError.badRequest("job_data must be a JSON object")
            }
            jobData = String(
                decoding: try JSONSerialization.data(withJSONObject: job, options: [.sortedKeys]),
                as: UTF8.self)
        }
        guard let id = object["session_id"], !(id is NSNull) else { return (nil, jobData) }
        guard let text = id as? String else { throw APIError.badRequest("session_id must be a UUID string") }
        return (text, jobData)
    }

    func list(_ request: Request) throws -> Payload.SessionList {
        let query = request.uri.queryParameters
        let page = query.get("page").map { Int($0) } ?? 1
        let perPage = query.get("per_page").map { Int($0) } ?? 20
        guard let page, let perPage, (1...Self.maxPage).contains(page), (1...100).contains(perPage) else {
            throw APIError.badRequest("page must be 1-\(Self.maxPage) and per_page 1-100")
        }
        var status: StoredSession.Status?
        if let text = query.get("status") {
            guard let parsed = StoredSession.Status(rawValue: text) else {
                throw APIError.badRequest("status must be active or ended")
            }
            status = parsed
        }
        let (sessions, total) = try manager.sessions(status: status, page: page, perPage: perPage)
        return Payload.SessionList(
            sessions: sessions.map(APIPayloads.SessionSummary.init), page: page,
            perPage: perPage, total: total)
    }

    func metrics(_ id: String) throws -> Payload.Metrics {
        let session = try manager.stored(id)
        let records = try manager.records(of: session)
        let alerts = records.flatMap { record in record.alerts.map { APIPayloads.Alert($0, record: record) } }
        return Payload.Metrics(
            sessionId: session.id, status: session.status, framesAnalysed: records.count,
            durationSeconds: records.last?.timestamp ?? 0, metrics: ReportBuilder.metricSummaries(records),
            current: records.last.map { APIPayloads.Metrics(values: $0.metrics) },
            recentAlerts: Array(alerts.suffix(20)))
    }

    func alerts(_ id: String) throws -> Payload.Alerts {
        let session = try manager.stored(id)
        let records = try manager.records(of: session)
        return Payload.Alerts(
            sessionId: session.id,
            alerts: records.flatMap { record in record.alerts.map { APIPayloads.Alert($0, record: record) } },
            events: try manager.events(session.id))
    }

    func emotions(_ id: String) throws -> Payload.Emotions {
        let session = try manager.stored(id)
        let records = try manager.records(of: session)
        return Payload.Emotions(
            sessionId: session.id, label: ExpressionSummary.meaning,
            timeline: records.map {
                .init(
                    frameIndex: $0.index, timestamp: $0.timestamp, emotions: $0.expressions,
                    dominantEmotion: $0.dominantEmotion)
            },
            summary: ExpressionSummary.build(from: records))
    }
}
