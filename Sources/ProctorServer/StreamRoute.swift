import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import ProctorEngine

/// `GET /api/sessions/{id}/stream` upgraded to a WebSocket: the client sends frames (binary JPEG/PNG, or text JSON
/// `{"frame": ...}`); the server answers each with `{"type": "result", "result": ...}`, and sends
/// `{"type": "alert", "alert": ...}` once per event when it is raised, and `{"type": "error", ...}` for a frame it
/// refuses. Frames are analysed in the order they arrive (the session's pool queue).
struct StreamRoute {
    let manager: SessionManager

    struct Message: Encodable {
        var type: String
        var result: APIPayloads.FrameResult?
        var alert: APIPayloads.Alert?
        var status: Int?
        var error: String?
    }

    func register(on router: Router<ProctorRequestContext>) {
        router.ws("/api/sessions/:id/stream") { _, context in
            _ = try manager.active(try SessionsController.id(context))
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard let id = context.requestContext.parameters.get("id") else { return }
            var announced = Set<String>()
            for try await message in inbound.messages(maxSize: manager.settings.maxBodyBytes) {
                let reply: [Message]
                do {
                    let image: Data
                    switch message {
                    case .binary(let buffer): image = Data(buffer: buffer)
                    case .text(let text):
                        image = try FrameInput.image(from: Data(text.utf8), contentType: "application/json")
                    }
                    let record = try await manager.submitFrame(id, image: image)
                    let fresh = record.alerts.filter { announced.insert($0.eventId).inserted }
                    reply =
                        [Message(type: "result", result: .init(record))]
                        + fresh.map { Message(type: "alert", alert: .init($0, record: record)) }
                } catch {
                    guard let refusal = (error as? APIError) ?? (error as? SessionError).map(APIError.init) else {
                        throw error
                    }
                    reply = [Message(type: "error", status: Int(refusal.status.code), error: refusal.message)]
                }
                for message in reply { try await outbound.write(.text(try ReportCoding.json(message))) }
            }
        }
    }
}
