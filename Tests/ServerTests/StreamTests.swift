import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import Testing

/// The WebSocket stream: frames in (binary or JSON text), results and alert messages out, in order.
@Suite(.serialized) struct StreamTests {
    @Test func framesInResultsAndAlertsOut() async throws {
        let server = try ServerProcess(arguments: ["--api-key", "stream-key"])
        let started = try HTTPExchange.json(
            "POST", server.base.appendingPathComponent("api/sessions/start"), [:],
            headers: ["X-API-Key": "stream-key"])
        let id = try #require(started.json["session_id"] as? String)
        let face = try TestFrames.face()
        let noFace = try TestFrames.noFace()
        let url = "ws://127.0.0.1:\(server.port)/api/sessions/\(id)/stream?api_key=stream-key"
        let messages = try await Self.exchange(
            url: url,
            frames: [
                .binary(face), .text(try Self.jsonFrame(noFace)), .binary(noFace), .binary(noFace),
                .text(#"{"frame": "not base64 !!"}"#), .binary(face),
            ])
        let types = messages.compactMap { $0["type"] as? String }
        #expect(types == ["result", "result", "result", "result", "alert", "error", "result"], "\(types)")
        let results = messages.filter { $0["type"] as? String == "result" }.compactMap {
            $0["result"] as? [String: Any]
        }
        #expect(results.map { $0["frame_index"] as? Int } == [0, 1, 2, 3, 4], "frames analysed in order")
        let alert = try #require(messages.first { $0["type"] as? String == "alert" }?["alert"] as? [String: Any])
        #expect(alert["type"] as? String == "no_face_detected" && alert["frame_index"] as? Int == 3)
        let error = try #require(messages.first { $0["type"] as? String == "error" })
        #expect(error["status"] as? Int == 400)
        // The stream's frames are the session's: the REST view agrees.
        let metrics = try HTTPExchange.send(
            "GET", server.base.appendingPathComponent("api/sessions/\(id)/metrics"),
            headers: ["X-API-Key": "stream-key"])
        #expect(metrics.json["frames_analysed"] as? Int == 5)
    }

    @Test func upgradesAreRefusedWithoutKeyOrSession() async throws {
        let server = try ServerProcess(arguments: ["--api-key", "stream-key"])
        let unknown = "ws://127.0.0.1:\(server.port)/api/sessions/\(UUID().uuidString)/stream?api_key=stream-key"
        let face = try TestFrames.face()
        await #expect(throws: (any Error).self) { try await Self.exchange(url: unknown, frames: [.binary(face)]) }
        let started = try HTTPExchange.json(
            "POST", server.base.appendingPathComponent("api/sessions/start"), [:],
            headers: ["X-API-Key": "stream-key"])
        let id = try #require(started.json["session_id"] as? String)
        let keyless = "ws://127.0.0.1:\(server.port)/api/sessions/\(id)/stream"
        await #expect(throws: (any Error).self) { try await Self.exchange(url: keyless, frames: [.binary(face)]) }
    }

    enum Outgoing {
        case binary(Data)
        case text(String)
    }

    static func jsonFrame(_ jpeg: Data) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["frame": TestFrames.dataURL(jpeg)]), as: UTF8.self)
    }

    /// Sends the frames one by one, each time reading messages until its result or error arrives (an alert follows
    /// its result); returns every message received, decoded.
    static func exchange(url: String, frames: [Outgoing]) async throws -> [[String: Any]] {
        final class Inbox: @unchecked Sendable { var messages: [[String: Any]] = [] }
        let inbox = Inbox()
        var configuration = WebSocketClientConfiguration()
        configuration.maxFrameSize = 8 << 20
        let frames = frames.map { frame -> WebSocketOutboundWriter.OutboundFrame in
            switch frame {
            case .binary(let data): return .binary(ByteBuffer(bytes: data))
            case .text(let text): return .text(text)
            }
        }
        _ = try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "test")) {
            inbound, outbound, _ in
            var iterator = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
            for frame in frames {
                try await outbound.write(frame)
                while let message = try await iterator.next() {
                    guard case .text(let text) = message,
                        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                    else {
                        continue
                    }
                    inbox.messages.append(object)
                    if object["type"] as? String != "alert" { break }
                }
            }
            // Alerts follow their frame's result: give the last one a moment to arrive.
            try await outbound.close(.normalClosure, reason: nil)
            while let message = try await iterator.next() {
                if case .text(let text) = message,
                    let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                {
                    inbox.messages.append(object)
                }
            }
        }
        guard !inbox.messages.isEmpty else { throw ServerTestError("no message from \(url)") }
        return inbox.messages
    }
}
