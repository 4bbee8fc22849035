import Foundation
import NIOCore
import Testing

@testable import ProctorServer

/// Connections that make no progress are closed within the configured limits, and malformed HTTP is answered 400
/// and closed, against a real server with short limits.
@Suite(.serialized) struct ConnectionLimitTests {
    static let server = Result {
        try ServerProcess(arguments: ["--header-timeout", "1", "--request-timeout", "2", "--idle-timeout", "3"])
    }

    var port: Int { get throws { try Self.server.get().port } }

    /// Seconds until the server closes a connection that sent `bytes` and then `drip` every second.
    func closedAfter(_ bytes: String, drip: String? = nil) throws -> (seconds: Double, status: Int?) {
        let connection = try RawConnection(port: try port)
        defer { connection.close() }
        let started = Date()
        if !bytes.isEmpty { connection.send(Data(bytes.utf8)) }
        var received = Data()
        while Date().timeIntervalSince(started) < 15 {
            let (chunk, closed) = connection.read(for: 1)
            received += chunk
            if closed { return (Date().timeIntervalSince(started), RawConnection.status(received)) }
            if let drip, !connection.send(Data(drip.utf8)) {
                return (Date().timeIntervalSince(started), RawConnection.status(received))
            }
        }
        return (.infinity, RawConnection.status(received))
    }

    @Test func silentSlowAndIdleConnectionsAreClosed() throws {
        #expect(try closedAfter("").seconds < 4, "silent connection")
        #expect(
            try closedAfter("GET /health HTTP/1.1\r\n", drip: "X-Slow: 1\r\n").seconds < 5, "headers a line a second")
        let slowBody =
            "POST /api/sessions/start HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1000\r\n\r\n{"
        #expect(try closedAfter(slowBody, drip: " ").seconds < 6, "body a byte a second")
        let keepAlive = try closedAfter("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(keepAlive.status == 200)
        #expect(keepAlive.seconds < 6, "idle keep-alive connection")
    }

    @Test func malformedRequestsAre400AndClosed() throws {
        let requests = [
            "GET /health\r\n\r\n",
            "FOO / HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /api/sessions/start HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
            "POST /api/sessions/start HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}",
            "POST /api/sessions/start HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 100_000) + "\r\n\r\n",
            String(
                decoding: [0x16, 0x03, 0x01, 0x00, 0xA1, 0x01, 0x00, 0x00] + [UInt8](repeating: 0x41, count: 64),
                as: UTF8.self),
        ]
        for request in requests {
            let (seconds, status) = try closedAfter(request)
            #expect(status == 400, "\(request.prefix(40)): \(String(describing: status))")
            #expect(seconds < 1, "\(request.prefix(40)) held \(seconds) s")
        }
        #expect(
            try RawConnection.request(port: try port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                == 200)
    }

    @Test func deadlinesFollowTheRequestPhases() {
        var clock = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var limits = ConnectionLimits()
        (limits.headerTimeout, limits.requestTimeout, limits.idleTimeout) = (10, 60, 30)
        let handler = ConnectionDeadlineHandler(limits: limits, now: { clock })
        func advance(_ seconds: Int64) { clock = clock + .seconds(seconds) }

        handler.received(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8))
        advance(9)
        #expect(!handler.isExpired())
        advance(2)
        #expect(handler.isExpired(), "head not finished within 10 s")

        clock = clock + .seconds(100)
        let fresh = ConnectionDeadlineHandler(limits: limits, now: { clock })
        fresh.received(Array("POST / HTTP/1.1\n\n".utf8))
        #expect(fresh.phase == .readingRequest(since: clock))
        advance(25)
        fresh.received([0x41])
        advance(25)
        fresh.received([0x41])
        advance(11)
        #expect(fresh.isExpired(), "no answer within 60 s of the head")

        let answered = ConnectionDeadlineHandler(limits: limits, now: { clock })
        answered.received(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        answered.wrote(Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8))
        #expect(answered.phase == .waitingForRequest)
        advance(29)
        #expect(!answered.isExpired())
        advance(1)
        #expect(answered.isExpired(), "idle for 30 s")

        let upgraded = ConnectionDeadlineHandler(limits: limits, now: { clock })
        upgraded.received(Array("GET /s HTTP/1.1\r\nUpgrade: websocket\r\n\r\n".utf8))
        upgraded.wrote(Array("HTTP/1.1 101 Switching Protocols\r\n\r\n".utf8))
        upgraded.received([0x81, 0x00])
        advance(29)
        upgraded.wrote([0x89, 0x00])
        advance(29)
        #expect(!upgraded.isExpired(), "a WebSocket that pings is alive")

        let closing = ConnectionDeadlineHandler(limits: limits, now: { clock })
        closing.received(Array("GET / HTTP/1.1\r\nConnection: close\r\n\r\n".utf8))
        closing.wrote(Array("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".utf8))
        #expect(closing.phase == .closing)
        advance(1)
        #expect(closing.isExpired())
    }
}
