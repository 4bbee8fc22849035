import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import ProctorEngine
import ProctorMedia
import ProctorServer
import Testing

/// The API in process (HummingbirdTesting's router mode): the real routes, middleware, session manager, pool and
/// SQLite store, with `ScriptedAnalyzer` for a backend. The few tests that need a real socket, the real binary or
/// the real models are in the process-level suites.
struct InProcessAPITests {
    /// A JPEG of one flat grey value (see `ScriptedAnalyzer` for what each value shows).
    static func frame(grey: UInt8) throws -> Data {
        try JPEGEncoder.encode(
            Frame(
                index: 0, timestamp: 0, width: 64, height: 48,
                pixels: [UInt8](repeating: grey, count: 64 * 48 * 3)), maxBytes: 1 << 20)
    }

    static func dataURL(_ jpeg: Data) -> String { "data:image/jpeg;base64," + jpeg.base64EncodedString() }

    /// The settings of a test application: one worker, the scripted backend, evidence under a temporary folder.
    static func settings() -> ServerSettings {
        var settings = ServerSettings(
            dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("proctor-inprocess-\(UUID())"))
        settings.workers = 1
        settings.queueCapacity = 4
        settings.backend = Report.BackendInfo(name: "scripted", models: ScriptedAnalyzer().models)
        return settings
    }

    /// Runs `body` against a fresh application with `settings` over an in-memory store.
    func withAPI(
        _ settings: ServerSettings = settings(),
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        defer { try? FileManager.default.removeItem(at: settings.dataDirectory) }
        let application = try ProctorServer.buildApplication(
            settings: settings, store: try SessionStore(writer: try DatabaseQueue(), directory: settings.dataDirectory),
            makeAnalyzer: { ScriptedAnalyzer() },
            logger: Logger(label: "test"))
        try await application.test(.router, body)
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    static func body(_ object: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }

    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    func start(_ client: any TestClientProtocol) async throws -> String {
        let response = try await client.execute(
            uri: "/api/sessions/start", method: .post, headers: Self.jsonHeaders,
            body: try Self.body(["job_data": ["role": "engineer"]]))
        #expect(response.status == .ok)
        return try #require(try Self.json(response)["session_id"] as? String)
    }

    func post(frame grey: UInt8, to id: String, _ client: any TestClientProtocol) async throws -> [String: Any] {
        let response = try await client.execute(
            uri: "/api/sessions/\(id)/frame", method: .post, headers: Self.jsonHeaders,
            body: try Self.body(["frame": Self.dataURL(try Self.frame(grey: grey))]))
        #expect(response.status == .ok)
        return try #require(try Self.json(response)["result"] as? [String: Any])
    }

    @Test func healthNamesTheBackend() async throws {
        try await withAPI { client in
            let response = try await client.execute(uri: "/health", method: .get)
            let json = try Self.json(response)
            #expect(response.status == .ok && json["backend"] as? String == "scripted")
            #expect(json["storage"] as? String == "ok" && json["workers"] as? Int == 1)
            #expect(response.headers[.contentType] == "application/json")
        }
    }

    @Test func aSessionFromStartToDeletion() async throws {
        try await withAPI { client in
            let id = try await start(client)
            #expect(try await post(frame: 128, to: id, client)["face_count"] as? Int == 1)
            var last: [String: Any] = [:]
            for _ in 0..<3 { last = try await post(frame: 10, to: id, client) }
            let alert = try #require((last["alerts"] as? [[String: Any]])?.first)
            #expect(
                alert["type"] as? String == "no_face_detected" && alert["event_id"] as? String == "no_face_detected-1")

            let metrics = try Self.json(try await client.execute(uri: "/api/sessions/\(id)/metrics", method: .get))
            #expect(metrics["frames_analysed"] as? Int == 4 && (metrics["recent_alerts"] as? [Any])?.count == 1)
            let alerts = try Self.json(try await client.execute(uri: "/api/sessions/\(id)/alerts", method: .get))
            #expect((alerts["events"] as? [[String: Any]])?.first?["frames"] as? [Int] == [1, 2, 3])
            let emotions = try Self.json(try await client.execute(uri: "/api/sessions/\(id)/emotions", method: .get))
            #expect((emotions["timeline"] as? [Any])?.count == 4)

            let early = try await client.execute(uri: "/api/sessions/\(id)/report", method: .get)
            let earlyJSON = try Self.json(early)
            #expect(early.status == .conflict && earlyJSON["success"] as? Bool == false)
            let ended = try await client.execute(uri: "/api/sessions/\(id)/end", method: .post)
            let report = try #require(try Self.json(ended)["report"] as? [String: Any])
            #expect(ended.status == .ok && (report["events"] as? [Any])?.count == 1)
            let stored = try await client.execute(uri: "/api/sessions/\(id)/report", method: .get)
            #expect(stored.status == .ok)
            let late = try await client.execute(
                uri: "/api/sessions/\(id)/frame", method: .post, headers: Self.jsonHeaders,
                body: try Self.body(["frame": Self.dataURL(try Self.frame(grey: 128))]))
            #expect(late.status == .conflict)

            #expect(try await client.execute(uri: "/api/sessions/\(id)", method: .delete).status == .ok)
            #expect(try await client.execute(uri: "/api/sessions/\(id)", method: .get).status == .notFound)
        }
    }

    @Test func twoFacesRaiseMultipleFaces() async throws {
        try await withAPI { client in
            let id = try await start(client)
            let result = try await post(frame: 230, to: id, client)
            #expect(result["face_count"] as? Int == 2)
            #expect((result["alerts"] as? [[String: Any]])?.first?["type"] as? String == "multiple_faces_detected")
        }
    }

    @Test func listingPagesAndFilters() async throws {
        try await withAPI { client in
            let first = try await start(client)
            let second = try await start(client)
            _ = try await client.execute(uri: "/api/sessions/\(first)/end", method: .post)
            let page = try Self.json(try await client.execute(uri: "/api/sessions?per_page=1&page=2", method: .get))
            #expect(page["total"] as? Int == 2 && (page["sessions"] as? [Any])?.count == 1)
            let active = try Self.json(try await client.execute(uri: "/api/sessions?status=active", method: .get))
            #expect((active["sessions"] as? [[String: Any]])?.map { $0["session_id"] as? String } == [second])
            for bad in ["page=0", "per_page=101", "page=x", "status=paused"] {
                #expect(try await client.execute(uri: "/api/sessions?\(bad)", method: .get).status == .badRequest)
            }
        }
    }

    @Test func errorsAreJSONWithTheirStatus() async throws {
        try await withAPI { client in
            for (uri, method, status) in [
                ("/api/sessions/not-a-uuid", HTTPRequest.Method.get, HTTPResponse.Status.notFound),
                ("/api/sessions/\(UUID())/metrics", .get, .notFound),
                ("/api/nowhere", .get, .notFound),
            ] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == status, "\(uri)")
                let json = try Self.json(response)
                #expect(json["success"] as? Bool == false)
            }
            let badJob = try await client.execute(
                uri: "/api/sessions/start", method: .post, headers: Self.jsonHeaders,
                body: try Self.body(["job_data": [1, 2]]))
            #expect(badJob.status == .badRequest)
            let id = try await start(client)
            let garbage = try await client.execute(
                uri: "/api/sessions/\(id)/frame", method: .post,
                headers: [.contentType: "image/jpeg"],
                body: ByteBuffer(string: "not an image"))
            #expect([.badRequest, .unsupportedMediaType].contains(garbage.status))
        }
    }

    @Test func keysGuardEveryRouteButThePublicOnes() async throws {
        var settings = Self.settings()
        settings.apiKeys = ["secret"]
        try await withAPI(settings) { client in
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            for path in ["/api/sessions", "//api/sessions", "/api//sessions/", "/api/sessions/start"] {
                #expect(try await client.execute(uri: path, method: .get).status == .unauthorized, "\(path)")
            }
            let keyed = try await client.execute(
                uri: "/api/sessions", method: .get, headers: [.init("X-API-Key")!: "secret"])
            #expect(keyed.status == .ok)
            let bearer = try await client.execute(
                uri: "/api/sessions", method: .get,
                headers: [.authorization: "Bearer secret"])
            #expect(bearer.status == .ok)
        }
    }

    @Test func corsPreflightIsAnsweredForAllowedOrigins() async throws {
        var settings = Self.settings()
        settings.corsOrigins = ["https://hr.example"]
        try await withAPI(settings) { client in
            let preflight = try await client.execute(
                uri: "/api/sessions/start", method: .options,
                headers: [.origin: "https://hr.example", .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "https://hr.example")
            let other = try await client.execute(
                uri: "/health", method: .get, headers: [.origin: "https://evil.example"])
            #expect(other.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func aRegisteredFaceIsTheIdentityReference() async throws {
        try await withAPI { client in
            let id = try await start(client)
            let registered = try await client.execute(
                uri: "/api/sessions/\(id)/register-face", method: .post, headers: Self.jsonHeaders,
                body: try Self.body(["frame": Self.dataURL(try Self.frame(grey: 100))]))
            #expect(registered.status == .ok, "\(String(buffer: registered.body))")
            // A face of another band is another person: flagged on the second examined frame.
            _ = try await post(frame: 180, to: id, client)
            let result = try await post(frame: 180, to: id, client)
            #expect((result["alerts"] as? [[String: Any]])?.first?["type"] as? String == "face_mismatch")
            let twoFaces = try await client.execute(
                uri: "/api/sessions/\(id)/register-face", method: .post, headers: Self.jsonHeaders,
                body: try Self.body(["frame": Self.dataURL(try Self.frame(grey: 230))]))
            let refusal = try Self.json(twoFaces)
            #expect(twoFaces.status == .badRequest && (refusal["error"] as? String)?.contains("2 faces found") == true)
        }
    }
}
