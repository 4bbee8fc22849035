import Foundation
import Testing

/// Every error status the API promises, each with a JSON `{"success": false, "error": ...}` body: bad input is a
/// 4xx, never a 500, and never takes the server down.
@Suite(.serialized) struct APIErrorTests {
    static let server = Result { try ServerProcess(arguments: ["--max-body-mb", "1", "--max-image-megapixels", "20"]) }

    var base: URL { get throws { try Self.server.get().base } }

    func url(_ path: String) throws -> URL { try base.appendingPathComponent(path) }

    func expectError(
        _ exchange: HTTPExchange, _ status: Int, _ fragment: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(exchange.status == status, "\(exchange.status) \(exchange.json)", sourceLocation: sourceLocation)
        #expect(exchange.json["success"] as? Bool == false, sourceLocation: sourceLocation)
        #expect(exchange.header("Content-Type")?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
        #expect(
            exchange.error.map { fragment.isEmpty || $0.contains(fragment) } == true,
            "\(exchange.error ?? "no error")", sourceLocation: sourceLocation)
    }

    func start(_ body: Any = [:]) throws -> HTTPExchange {
        try HTTPExchange.json("POST", try url("api/sessions/start"), body)
    }

    func session() throws -> String { try #require(try start().json["session_id"] as? String) }

    @Test func badStarts() throws {
        expectError(
            try HTTPExchange.send(
                "POST", try url("api/sessions/start"), body: Data("{not json".utf8),
                headers: ["Content-Type": "application/json"]), 400, "JSON object")
        expectError(try start(["session_id": "../../etc/passwd"]), 400, "UUID")
        expectError(try start(["job_data": "a string"]), 400, "job_data")
        let id = UUID().uuidString
        #expect(try start(["session_id": id]).status == 200)
        expectError(try start(["session_id": id]), 409, "already exists")
    }

    @Test func unknownSessionsAre404() throws {
        for (method, path) in [
            ("POST", "frame"), ("GET", "metrics"), ("GET", "alerts"), ("GET", "emotions"),
            ("POST", "end"), ("GET", "report"), ("POST", "register-face"),
        ] {
            let target = try url("api/sessions/\(UUID().uuidString)/\(path)")
            let exchange =
                method == "GET"
                ? try HTTPExchange.send("GET", target)
                : try HTTPExchange.json("POST", target, ["frame": TestFrames.dataURL(try TestFrames.face())])
            expectError(exchange, 404, "unknown session")
        }
        expectError(
            try HTTPExchange.send("DELETE", try url("api/sessions/\(UUID().uuidString)")), 404, "unknown session")
        expectError(try HTTPExchange.send("GET", try url("api/sessions/not-a-uuid/metrics")), 404, "unknown session")
        expectError(try HTTPExchange.send("GET", try url("api/nothing/here")), 404, "no route")
    }

    @Test func badFrames() throws {
        let id = try session()
        let frame = try url("api/sessions/\(id)/frame")
        expectError(
            try HTTPExchange.json("POST", frame, ["frame": "data:image/jpeg;base64,/9j/4AAQ..."]), 400, "base64")
        expectError(try HTTPExchange.json("POST", frame, ["image": "x"]), 400, "missing 'frame'")
        expectError(
            try HTTPExchange.json("POST", frame, ["frame": Data("hello, not an image".utf8).base64EncodedString()]),
            415, "JPEG or a PNG")
        // A JPEG header followed by garbage: recognised, not decodable.
        var broken = Data(try TestFrames.face().prefix(600))
        broken += Data(repeating: 0x41, count: 2000)
        expectError(
            try HTTPExchange.send("POST", frame, body: broken, headers: ["Content-Type": "image/jpeg"]), 400,
            "broken")
        expectError(try HTTPExchange.json("POST", frame, ["frame": "data:image/gif;base64,R0lGODlh"]), 415, "image/gif")
        expectError(
            try HTTPExchange.send(
                "POST", frame, body: Data("a=b".utf8),
                headers: ["Content-Type": "application/x-www-form-urlencoded"]), 415)
        expectError(
            try HTTPExchange.send(
                "POST", frame, body: Data(repeating: 0x2F, count: 1_200_000),
                headers: ["Content-Type": "text/plain"]), 413, "larger than")
        expectError(
            try HTTPExchange.send("POST", frame, body: Self.hugePNGHeader(), headers: ["Content-Type": "image/png"]),
            413, "pixels")
        // The session survived all of it.
        #expect(
            try HTTPExchange.json("POST", frame, ["frame": TestFrames.dataURL(try TestFrames.face())]).status == 200)
    }

    @Test func endedSessionsAre409() throws {
        let id = try session()
        expectError(try HTTPExchange.send("GET", try url("api/sessions/\(id)/report")), 409, "still active")
        #expect(try HTTPExchange.send("POST", try url("api/sessions/\(id)/end")).status == 200)
        expectError(try HTTPExchange.send("POST", try url("api/sessions/\(id)/end")), 409, "ended")
        expectError(
            try HTTPExchange.json(
                "POST", try url("api/sessions/\(id)/frame"),
                ["frame": TestFrames.dataURL(try TestFrames.face())]), 409, "ended")
    }

    /// A valid PNG signature and IHDR declaring 100000 x 100000 pixels (10 gigapixels) in 33 bytes.
    static func hugePNGHeader() -> Data {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
        bytes += [0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0, 8, 2, 0, 0, 0, 0, 0, 0, 0]
        return Data(bytes)
    }
}

/// API keys, CORS and the loopback rule.
@Suite(.serialized) struct APIAccessTests {
    @Test func keysAreCheckedOnEveryAPIRoute() throws {
        let server = try ServerProcess(arguments: ["--api-key", "k-one", "--api-key", "k-two"])
        let start = server.base.appendingPathComponent("api/sessions/start")
        let missing = try HTTPExchange.json("POST", start, [:])
        #expect(missing.status == 401 && missing.json["success"] as? Bool == false)
        #expect(try HTTPExchange.json("POST", start, [:], headers: ["X-API-Key": "wrong"]).status == 401)
        #expect(try HTTPExchange.json("POST", start, [:], headers: ["X-API-Key": "k-one"]).status == 200)
        #expect(try HTTPExchange.json("POST", start, [:], headers: ["Authorization": "Bearer k-two"]).status == 200)
        #expect(try HTTPExchange.send("GET", server.base.appendingPathComponent("api/docs")).status == 401)
        #expect(try HTTPExchange.send("GET", server.base.appendingPathComponent("health")).status == 200)
        #expect(try HTTPExchange.send("GET", server.base).status == 200, "the demo page itself needs no key")
    }

    @Test func corsFollowsTheConfiguredOrigins() throws {
        let server = try ServerProcess(arguments: ["--cors-origin", "https://hire.example"])
        let url = server.base.appendingPathComponent("api/sessions")
        let allowed = try HTTPExchange.send("GET", url, headers: ["Origin": "https://hire.example"])
        #expect(allowed.header("Access-Control-Allow-Origin") == "https://hire.example")
        let other = try HTTPExchange.send("GET", url, headers: ["Origin": "https://evil.example"])
        #expect(other.header("Access-Control-Allow-Origin") == nil)
        let preflight = try HTTPExchange.send(
            "OPTIONS", server.base.appendingPathComponent("api/sessions/start"),
            headers: [
                "Origin": "https://hire.example", "Access-Control-Request-Method": "POST",
            ])
        #expect(
            preflight.status == 204 && preflight.header("Access-Control-Allow-Headers")?.contains("X-API-Key") == true)
    }

    @Test func refusesToExposeAnOpenAPIBeyondLoopback() throws {
        #expect(throws: ServerTestError.self) { try ServerProcess(arguments: ["--host", "0.0.0.0"]) }
    }

    @Test func aFullQueueAnswers429WithRetryAfter() throws {
        let server = try ServerProcess(arguments: ["--workers", "1", "--queue", "1"])
        let id = try #require(
            try HTTPExchange.json("POST", server.base.appendingPathComponent("api/sessions/start"), [:])
                .json["session_id"] as? String)
        let frame = server.base.appendingPathComponent("api/sessions/\(id)/frame")
        let body = try TestFrames.face()
        let statuses = Statuses()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let exchange = try? HTTPExchange.send("POST", frame, body: body, headers: ["Content-Type": "image/jpeg"])
            statuses.add(exchange)
        }
        #expect(statuses.all.contains(200))
        #expect(statuses.all.contains(429))
        #expect(statuses.retryAfter.allSatisfy { $0 == "1" } && !statuses.retryAfter.isEmpty)
        #expect(!statuses.all.contains(500))
    }

    final class Statuses: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var all: [Int] = []
        private(set) var retryAfter: [String] = []
        func add(_ exchange: HTTPExchange?) {
            lock.lock()
            defer { lock.unlock() }
            all.append(exchange?.status ?? -1)
            if exchange?.status == 429 { retryAfter.append(exchange?.header("Retry-After") ?? "") }
        }
    }
}

/// Requests racing an end: whatever was queued behind the end is refused, and only one report is ever made.
@Suite(.serialized) struct EndRaceTests {
    @Test func framesAndEndsQueuedBehindAnEndAreRefused() throws {
        let server = try ServerProcess(arguments: ["--workers", "1"])
        let id = try #require(
            try HTTPExchange.json("POST", server.base.appendingPathComponent("api/sessions/start"), [:])
                .json["session_id"] as? String)
        let frame = server.base.appendingPathComponent("api/sessions/\(id)/frame")
        let end = server.base.appendingPathComponent("api/sessions/\(id)/end")
        let body = try TestFrames.face()
        let statuses = APIAccessTests.Statuses()
        DispatchQueue.concurrentPerform(iterations: 12) { index in
            let exchange =
                index % 4 == 1
                ? try? HTTPExchange.send("POST", end)
                : try? HTTPExchange.send("POST", frame, body: body, headers: ["Content-Type": "image/jpeg"])
            statuses.add(exchange)
        }
        #expect(statuses.all.allSatisfy { [200, 409].contains($0) }, "\(statuses.all)")
        let report = try HTTPExchange.send("GET", server.base.appendingPathComponent("api/sessions/\(id)/report"))
        let analysed =
            ((report.json["report"] as? [String: Any])?["input"] as? [String: Any])?["frames_analysed"] as? Int
        let stored = try HTTPExchange.send("GET", server.base.appendingPathComponent("api/sessions/\(id)"))
        #expect(
            (stored.json["session"] as? [String: Any])?["frame_count"] as? Int == analysed,
            "no frame was stored after the report")
    }
}
