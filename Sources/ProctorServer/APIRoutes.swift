import Foundation
import Hummingbird
import HummingbirdWebSocket
import ProctorFormats
import ProctorEngine

/// The REST routes of `proctor serve` (the seed's API plus storage-backed extras), all answering JSON.
struct APIRoutes {
    typealias Context = BasicWebSocketRequestContext
    let manager: SessionManager
    var settings: ServerSettings { manager.settings }

    func register(on router: Router<Context>) {
        router.get("/") { _, _ in try Self.resource("index.html", type: "text/html; charset=utf-8") }
        router.get("/api/docs") { _, _ in try Self.resource("openapi.json", type: "application/json") }
        router.get("/health") { _, _ in try self.health() }
        router.post("/api/sessions/start") { request, _ in try await self.start(request) }
        router.get("/api/sessions") { request, _ in try self.list(request) }
        router.get("/api/sessions/:id") { _, context in
            try JSONResponse.make(Payload.Session(session: .init(try self.manager.stored(try Self.id(context)))))
        }
        router.delete("/api/sessions/:id") { _, context in
            let id = try Self.id(context)
            try await self.manager.delete(id)
            return try JSONResponse.make(Payload.Deleted(sessionId: id.lowercased()))
        }
        router.post("/api/sessions/:id/frame") { request, context in
            let image = try await self.image(from: request)
            let record = try await self.manager.submitFrame(try Self.id(context), image: image)
            return try JSONResponse.make(Payload.Frame(result: .init(record)))
        }
        router.post("/api/sessions/:id/register-face") { request, context in
            let id = try Self.id(context)
            let face = try await self.manager.registerFace(id, image: try await self.image(from: request))
            return try JSONResponse.make(Payload.RegisteredFace(sessionId: id.lowercased(),
                                                               face: .init(face)))
        }
        router.get("/api/sessions/:id/metrics") { _, context in try self.metrics(try Self.id(context)) }
        router.get("/api/sessions/:id/alerts") { _, context in try self.alerts(try Self.id(context)) }
        router.get("/api/sessions/:id/emotions") { _, context in try self.emotions(try Self.id(context)) }
        router.post("/api/sessions/:id/end") { _, context in
            let id = try Self.id(context)
            let report = try await self.manager.end(id)
            return try JSONResponse.make(Payload.Ended(sessionId: id.lowercased(), report: report))
        }
        router.get("/api/sessions/:id/report") { _, context in
            let session = try self.manager.stored(try Self.id(context))
            guard let text = session.report else { throw APIError(.conflict, "session \(session.id) is still active") }
            return try JSONResponse.make(Payload.StoredReport(sessionId: session.id,
                                                             report: try SessionStore.decode(Report.self, text)))
        }
        router.post("/api/verify-document") { request, _ in try await self.verifyDocument(request) }
    }

    /// Highest page number accepted: far beyond any real listing, and `(page - 1) * per_page` cannot overflow.
    static let maxPage = 1_000_000

    static func id(_ context: Context) throws -> String {
        guard let id = context.parameters.get("id") else { throw APIError.badRequest("missing session id") }
        return id
    }

    static func resource(_ name: String, type: String) throws -> Response {
        guard let data = ServerResources.data(name) else {
            throw APIError(.serviceUnavailable, "\(name) is not installed next to the proctor binary")
        }
        return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The request body, at most `max_body` bytes (413 beyond); a body the HTTP parser refuses, or that ends before
    /// its length, is 400.
    func body(of request: Request) async throws -> Data {
        var request = request
        do {
            return Data(buffer: try await request.collectBody(upTo: settings.maxBodyBytes))
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "the body is larger than \(settings.maxBodyBytes) bytes")
        } catch {
            throw APIError.badRequest("the request body is malformed or ended early")
        }
    }

    func image(from request: Request) async throws -> Data {
        try FrameInput.image(from: try await body(of: request), contentType: request.headers[.contentType])
    }

    func health() throws -> Response {
        let health = manager.health
        return try JSONResponse.make(Payload.Health(
            status: "ok", version: settings.toolVersion, backend: settings.backend.name, models: settings.backend.models,
            modelsLoaded: settings.backend.models.filter(\.verified).count,
            storage: health.storageReachable ? "ok" : "error", workers: health.workers,
            queueCapacity: health.queueCapacity, queued: health.queued))
    }

    func start(_ request: Request) async throws -> Response {
        let data = try await body(of: request)
        var jobData = "{}"
        var requestedID: String?
        if !data.isEmpty {
            var limits = settings.jobDataLimits
            limits.maxDepth += 1  // the body object around job_data
            do { try limits.check(data, name: "the body") } catch let error as FormatError {
                throw APIError(error)
            }
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw APIError.badRequest("the body must be a JSON object")
            }
            if let job = object["job_data"], !(job is NSNull) {
                guard JSONSerialization.isValidJSONObject(job), job is [String: Any] else {
                    throw APIError.badRequest("job_data must be a JSON object")
                }
                jobData = String(decoding: try JSONSerialization.data(withJSONObject: job, options: [.sortedKeys]),
                                 as: UTF8.self)
            }
            if let id = object["session_id"], !(id is NSNull) {
                guard let text = id as? String else { throw APIError.badRequest("session_id must be a UUID string") }
                requestedID = text
            }
        }
        let session = try manager.start(requestedID: requestedID, jobData: jobData)
        return try JSONResponse.make(Payload.Started(sessionId: session.id, status: session.status,
                                                     startTime: APIPayloads.isoDate(session.startTime)))
    }

    func list(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        let page = query.get("page").map { Int($0) } ?? 1, perPage = query.get("per_page").map { Int($0) } ?? 20
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
        return try JSONResponse.make(Payload.SessionList(sessions: sessions.map(APIPayloads.SessionSummary.init),
                                                         page: page, perPage: perPage, total: total))
    }

    func metrics(_ id: String) throws -> Response {
        let session = try manager.stored(id)
        let records = try manager.records(of: session)
        let alerts = records.flatMap { record in record.alerts.map { APIPayloads.Alert($0, record: record) } }
        return try JSONResponse.make(Payload.Metrics(
            sessionId: session.id, status: session.status, framesAnalysed: records.count,
            durationSeconds: records.last?.timestamp ?? 0, metrics: ReportBuilder.metricSummaries(records),
            current: records.last.map { APIPayloads.Metrics(values: $0.metrics) }, recentAlerts: Array(alerts.suffix(20))))
    }

    func alerts(_ id: String) throws -> Response {
        let session = try manager.stored(id)
        let records = try manager.records(of: session)
        return try JSONResponse.make(Payload.Alerts(
            sessionId: session.id,
            alerts: records.flatMap { record in record.alerts.map { APIPayloads.Alert($0, record: record) } },
            events: try manager.events(session.id)))
    }

    func emotions(_ id: String) throws -> Response {
        let session = try manager.stored(id)
        let records = try manager.records(of: session)
        return try JSONResponse.make(Payload.Emotions(
            sessionId: session.id, label: ExpressionSummary.meaning,
            timeline: records.map { .init(frameIndex: $0.index, timestamp: $0.timestamp, emotions: $0.expressions,
                                          dominantEmotion: $0.dominantEmotion) },
            summary: ExpressionSummary.build(from: records)))
    }

    func verifyDocument(_ request: Request) async throws -> Response {
        let images = try FrameInput.images(from: try await body(of: request), contentType: request.headers[.contentType],
                                           fields: ["document", "face"])
        let result = try await manager.verifyDocument(document: images["document"]!, face: images["face"]!)
        return try JSONResponse.make(Payload.Verification(verdict: IdentityVerdict(
            comparison: result.comparison, document: .init(result.document), live: .init(result.live))))
    }
}
