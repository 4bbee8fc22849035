import Foundation
import Hummingbird
import ProctorEngine

/// The routes of `proctor serve` outside a session: the demo page, the API description, the health check and
/// document verification. The session routes are `SessionsController`'s.
struct APIRoutes {
    typealias Context = ProctorRequestContext
    let manager: SessionManager
    var settings: ServerSettings { manager.settings }

    func register(on router: Router<Context>) {
        router.get("/") { _, _ in try Self.resource("index.html", type: "text/html; charset=utf-8") }
        router.get("/api/docs") { _, _ in try Self.resource("openapi.json", type: "application/json") }
        router.get("/health") { _, _ in self.health() }
        router.post("/api/verify-document") { request, _ in try await self.verifyDocument(request) }
    }

    static func resource(_ name: String, type: String) throws -> Response {
        guard let data = ServerResources.data(name) else {
            throw APIError(.serviceUnavailable, "\(name) is not installed next to the proctor binary")
        }
        return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func health() -> Payload.Health {
        let health = manager.health
        return Payload.Health(
            status: "ok", version: settings.toolVersion, backend: settings.backend.name,
            models: settings.backend.models,
            modelsLoaded: settings.backend.models.filter(\.verified).count,
            storage: health.storageReachable ? "ok" : "error", workers: health.workers,
            queueCapacity: health.queueCapacity, queued: health.queued)
    }

    func verifyDocument(_ request: Request) async throws -> Payload.Verification {
        let images = try await RequestBodies(settings: settings).images(from: request, fields: ["document", "face"])
        let result = try await manager.verifyDocument(document: images["document"]!, face: images["face"]!)
        return Payload.Verification(
            verdict: IdentityVerdict(
                comparison: result.comparison, document: result.document, live: result.live))
    }
}
