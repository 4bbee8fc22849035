import Foundation
import Testing

/// The reliability audit's request families against a real `proctor serve` with an API key: no route is reachable
/// without the key under any spelling of its path, one request never stops the server, client-controlled sizes are
/// bounded, and races and hostile bytes give 4xx, never 5xx.
@Suite(.serialized) struct HostileRequestTests {
    static let key = "hostile-key"
    static let server = Result { try ServerProcess(arguments: ["--api-key", key]) }

    var server: ServerProcess { get throws { try Self.server.get() } }

    func keyed(
        _ method: String, _ path: String, json: Any? = nil, body: Data? = nil,
        type: String = "application/json"
    ) throws -> HTTPExchange {
        let url = URL(string: try server.base.absoluteString + path)!
        let headers = ["X-API-Key": Self.key, "Content-Type": type]
        if let json { return try HTTPExchange.json(method, url, json, headers: headers) }
        return try HTTPExchange.send(method, url, body: body, headers: headers)
    }

    func session() throws -> String {
        try #require(try keyed("POST", "/api/sessions/start", json: [:]).json["session_id"] as? String)
    }

    /// Every operation of the OpenAPI document, with `{...}` filled by `id`.
    static func routes(id: String) throws -> [(method: String, path: String)] {
        let document = ServerProcess.projectRoot.appendingPathComponent("Sources/ProctorServer/Resources/openapi.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: document)) as? [String: Any]
        let paths = try #require(json?["paths"] as? [String: [String: Any]])
        return paths.flatMap { path, operations in
            operations.keys.filter { ["get", "post", "delete", "put", "patch"].contains($0) }.map { method in
                (
                    method.uppercased(),
                    path.replacingOccurrences(of: #"\{[^}]+\}"#, with: id, options: .regularExpression)
                )
            }
        }.sorted { ($0.path, $0.method) < ($1.path, $1.method) }
    }

    /// The same route spelled the ways a router or a proxy may treat alike.
    static func variants(_ path: String) -> [String] {
        let rest = path.dropFirst()
        return [
            path, "/" + path, "/." + path, path + "/", "/" + rest.replacingOccurrences(of: "/", with: "//"),
            "/" + rest.replacingOccurrences(of: "/", with: "%2F"), path.uppercased(), path + "?x=1", path + "/.",
        ]
    }

    @Test func noRouteAnswersWithoutTheKeyUnderAnySpelling() throws {
        let id = try session()
        let routes = try Self.routes(id: id)
        #expect(routes.count >= 10)
        var tried = 0
        for (method, path) in routes where !["/", "/health"].contains(path) {
            for variant in Self.variants(path) {
                let head = "\(method) \(variant) HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
                let status = try RawConnection.request(port: try server.port, head)
                #expect(
                    status.map { $0 >= 400 && $0 < 500 } == true,
                    "\(method) \(variant) without a key: \(String(describing: status))")
                let wrongKey = head.replacingOccurrences(of: "Host: x\r\n", with: "Host: x\r\nX-API-Key: nope\r\n")
                #expect(
                    try RawConnection.request(port: try server.port, wrongKey).map { $0 >= 400 && $0 < 500 } == true)
                tried += 1
            }
        }
        for variant in Self.variants("/api/sessions/\(id)/stream") {
            let upgrade =
                "GET \(variant) HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
            let status = try RawConnection.request(port: try server.port, upgrade, seconds: 3)
            #expect(status != 101, "WebSocket upgrade on \(variant) without a key")
        }
        #expect(tried >= 90)
        // With the key, no spelling is a server error.
        for (method, path) in routes where method == "GET" {
            for variant in Self.variants(path) {
                let head = "GET \(variant) HTTP/1.1\r\nHost: x\r\nX-API-Key: \(Self.key)\r\nConnection: close\r\n\r\n"
                let status = try RawConnection.request(port: try server.port, head)
                #expect(status.map { $0 < 500 } == true, "GET \(variant) with the key: \(String(describing: status))")
            }
        }
    }

    @Test func oneRequestNeverStopsTheServer() throws {
        let id = try session()
        for side: UInt32 in [.max, 0xC000_0000] {
            let png = Self.pngHeader(width: side, height: side)
            #expect(try keyed("POST", "/api/sessions/\(id)/frame", body: png, type: "image/png").status == 413)
            #expect(
                try keyed("POST", "/api/sessions/\(id)/frame", json: ["frame": png.base64EncodedString()]).status == 413
            )
            #expect(
                try keyed(
                    "POST", "/api/verify-document",
                    json: [
                        "document": png.base64EncodedString(),
                        "face": png.base64EncodedString(),
                    ]
                ).status == 413)
        }
        for page in ["9223372036854775807", "-9223372036854775808", "0", "1000001", "1e3", "99999999999999999999"] {
            #expect(try keyed("GET", "/api/sessions?page=\(page)").status == 400, "page=\(page)")
        }
        #expect(try keyed("GET", "/api/sessions?page=1000000&per_page=100").status == 200)
        #expect(try keyed("GET", "/health").status == 200)
    }

    @Test func truncatedUploadsAreRefused() throws {
        let id = try session()
        let jpeg = try TestFrames.face()
        let cut = try keyed("POST", "/api/sessions/\(id)/frame", body: jpeg.prefix(jpeg.count / 2), type: "image/jpeg")
        #expect(cut.status == 400)
        #expect(cut.error?.contains("truncated") == true)
    }

    @Test func jobDataIsBoundedAndTheListingSurvives() throws {
        let deep = String(repeating: "{\"a\":", count: 600) + "1" + String(repeating: "}", count: 600)
        let body = Data("{\"job_data\": \(deep)}".utf8)
        #expect(try keyed("POST", "/api/sessions/start", body: body).status == 413)
        let big = try keyed(
            "POST", "/api/sessions/start", json: ["job_data": ["cv": String(repeating: "x", count: 100_000)]])
        #expect(big.status == 413)
        let allowed = String(repeating: "{\"a\":", count: 31) + "1" + String(repeating: "}", count: 31)
        #expect(try keyed("POST", "/api/sessions/start", body: Data("{\"job_data\": \(allowed)}".utf8)).status == 200)
        #expect(try keyed("GET", "/api/sessions?per_page=100").status == 200)
    }

    @Test func deletingWhileFramesAreQueuedIsNeverAServerError() async throws {
        let frame = ["frame": TestFrames.dataURL(try TestFrames.face())]
        for _ in 0..<6 {
            let id = try session()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        if index == 2 { return try self.keyed("DELETE", "/api/sessions/\(id)").status }
                        return try self.keyed("POST", "/api/sessions/\(id)/frame", json: frame).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { [200, 404, 409, 429].contains($0) }, "\(statuses)")
        }
    }

    @Test func storedDataIsOwnerOnlyAndKeptOutOfTheLog() throws {
        let marker = "job-marker-\(UUID().uuidString)"
        #expect(try keyed("POST", "/api/sessions/start", json: ["job_data": ["note": marker]]).status == 200)
        let data = try server.data
        let folder = try FileManager.default.attributesOfItem(atPath: data.path)[.posixPermissions] as? Int
        #expect(folder == 0o700)
        for name in ["proctor.sqlite", "proctor.sqlite-wal"] {
            let mode = try FileManager.default.attributesOfItem(atPath: data.appendingPathComponent(name).path)[
                .posixPermissions]
            #expect(mode as? Int == 0o600, "\(name)")
        }
        let logs = try FileManager.default.contentsOfDirectory(atPath: data.path).filter { $0.hasSuffix(".log") }
        for log in logs {
            #expect(!(try String(contentsOf: data.appendingPathComponent(log), encoding: .utf8)).contains(marker))
        }
    }

    /// The configured picture limit is the one frames are decoded with (decoding used to apply the 40 MP default
    /// after the check had let a larger upload through).
    @Test func theConfiguredPixelLimitHoldsThroughDecoding() throws {
        let server = try ServerProcess(arguments: ["--max-image-megapixels", "50", "--max-body-mb", "20"])
        let folder = try ServerProcess.scratch("big-frame")
        let png = folder.appendingPathComponent("45mp.png")
        _ = try runFixture([
            "ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=gray:s=7500x6000:d=1",
            "-frames:v", "1", "-pix_fmt", "rgb24", png.path,
        ])
        let start = try HTTPExchange.json("POST", server.base.appendingPathComponent("api/sessions/start"), [:])
        let id = try #require(start.json["session_id"] as? String)
        let frame = try HTTPExchange.send(
            "POST", server.base.appendingPathComponent("api/sessions/\(id)/frame"),
            body: try Data(contentsOf: png), headers: ["Content-Type": "image/png"])
        #expect(frame.status == 200, "\(frame.status) \(frame.error ?? "")")
    }

    static func pngHeader(width: UInt32, height: UInt32) -> Data {
        func be(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (24 - 8 * $0)) & 0xFF) } }
        return Data(
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + be(width)
                + be(height) + [8, 2, 0, 0, 0, 0, 0, 0, 0])
    }
}
