import Foundation
import Testing

/// Every endpoint of `proctor serve` on its happy path, with real frames through the real local backend.
@Suite(.serialized) struct SessionAPITests {
    static let server = Result { try ServerProcess() }

    var base: URL { get throws { try Self.server.get().base } }

    func start(_ job: [String: Any] = ["jobTitle": "Software Engineer"]) throws -> String {
        let started = try HTTPExchange.json(
            "POST", try base.appendingPathComponent("api/sessions/start"), ["job_data": job])
        #expect(started.status == 200, "\(started.json)")
        return try #require(started.json["session_id"] as? String)
    }

    func frame(_ id: String, _ jpeg: Data) throws -> [String: Any] {
        let answer = try HTTPExchange.json(
            "POST", try base.appendingPathComponent("api/sessions/\(id)/frame"),
            ["frame": TestFrames.dataURL(jpeg)])
        #expect(answer.status == 200, "\(answer.json)")
        return try #require(answer.json["result"] as? [String: Any])
    }

    @Test func healthSaysWhatIsLoaded() throws {
        let health = try HTTPExchange.send("GET", try base.appendingPathComponent("health"))
        #expect(health.status == 200)
        #expect(health.json["status"] as? String == "ok" && health.json["storage"] as? String == "ok")
        #expect(health.json["backend"] as? String == "local")
        #expect((health.json["models_loaded"] as? Int ?? 0) >= 5)
    }

    @Test func aSessionFromStartToReport() throws {
        let id = try start()
        #expect(UUID(uuidString: id) != nil)
        let first = try frame(id, try TestFrames.face())
        #expect(first["face_count"] as? Int == 1 && first["frame_index"] as? Int == 0)
        let metrics = try #require(first["metrics"] as? [String: Any])
        #expect(Set(metrics.keys) == ["eye_contact", "engagement", "confidence", "posture", "facial_expression"])
        #expect((metrics["confidence"] as? Double ?? 0) > 50)
        #expect((first["emotions"] as? [String: Double])?.isEmpty == false && first["dominant_emotion"] is String)
        // Three frames without a face raise no_face_detected on the third, as the seed's alert table says.
        var results: [[String: Any]] = []
        for _ in 0..<3 { results.append(try frame(id, try TestFrames.noFace())) }
        #expect((results[0]["alerts"] as? [[String: Any]])?.isEmpty == true)
        let alert = try #require((results[2]["alerts"] as? [[String: Any]])?.first)
        #expect(alert["type"] as? String == "no_face_detected" && alert["severity"] as? String == "warning")
        #expect(alert["event_id"] as? String == "no_face_detected-1" && alert["message"] is String)
        #expect(
            results[2]["metrics"].map { ($0 as? [String: Any])?["eye_contact"] is NSNull } == true,
            "no face: metrics are null, not invented")

        let summary = try HTTPExchange.send("GET", try base.appendingPathComponent("api/sessions/\(id)/metrics"))
        #expect(summary.status == 200 && summary.json["frames_analysed"] as? Int == 4)
        #expect(((summary.json["metrics"] as? [String: Any])?["confidence"] as? [String: Any])?["frames"] as? Int == 1)
        #expect((summary.json["recent_alerts"] as? [Any])?.count == 1)

        let alerts = try HTTPExchange.send("GET", try base.appendingPathComponent("api/sessions/\(id)/alerts"))
        #expect((alerts.json["alerts"] as? [Any])?.count == 1)
        let event = try #require((alerts.json["events"] as? [[String: Any]])?.first)
        #expect(event["id"] as? String == "no_face_detected-1" && event["frames"] as? [Int] == [1, 2, 3])

        let emotions = try HTTPExchange.send("GET", try base.appendingPathComponent("api/sessions/\(id)/emotions"))
        #expect((emotions.json["timeline"] as? [Any])?.count == 4)
        #expect((emotions.json["label"] as? String)?.contains("apparent") == true)

        let detail = try HTTPExchange.send("GET", try base.appendingPathComponent("api/sessions/\(id)"))
        let session = try #require(detail.json["session"] as? [String: Any])
        #expect(session["frame_count"] as? Int == 4 && session["status"] as? String == "active")
        #expect((session["job_data"] as? [String: Any])?["jobTitle"] as? String == "Software Engineer")

        let ended = try HTTPExchange.send("POST", try base.appendingPathComponent("api/sessions/\(id)/end"))
        #expect(ended.status == 200 && ended.json["status"] as? String == "ended")
        let report = try #require(ended.json["report"] as? [String: Any])
        #expect(report["schema_version"] as? Int == 1)
        #expect((report["input"] as? [String: Any])?["frames_analysed"] as? Int == 4)
        #expect((report["events"] as? [[String: Any]])?.first?["type"] as? String == "no_face_detected")
        #expect((report["summary"] as? [String: Any])?["assessment"] as? String == "review_recommended")

        let stored = try HTTPExchange.send("GET", try base.appendingPathComponent("api/sessions/\(id)/report"))
        #expect(stored.status == 200 && (stored.json["report"] as? [String: Any])?["events"] != nil)
        let deleted = try HTTPExchange.send("DELETE", try base.appendingPathComponent("api/sessions/\(id)"))
        #expect(deleted.status == 200 && deleted.json["deleted"] as? Bool == true)
        #expect(try HTTPExchange.send("GET", try base.appendingPathComponent("api/sessions/\(id)")).status == 404)
    }

    @Test func framesComeInEveryFormTheSeedClientsSend() throws {
        let id = try start()
        let url = try base.appendingPathComponent("api/sessions/\(id)/frame")
        let jpeg = try TestFrames.face()
        let forms: [(String, Data, String)] = [
            (
                "raw base64 JSON", try JSONSerialization.data(withJSONObject: ["frame": jpeg.base64EncodedString()]),
                "application/json"
            ),
            ("data URL as text", Data(TestFrames.dataURL(jpeg).utf8), "text/plain"),
            ("raw JPEG", jpeg, "image/jpeg"),
            ("raw PNG", try TestFrames.still("a02_noface_coffee.png"), "image/png"),
        ]
        for (name, body, type) in forms {
            let answer = try HTTPExchange.send("POST", url, body: body, headers: ["Content-Type": type])
            #expect(answer.status == 200, "\(name): \(answer.json)")
        }
        let boundary = "proctor-test-boundary"
        var multipart = Data(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"frame\"; filename=\"f.jpg\"\r\n".utf8)
        multipart += Data("Content-Type: image/jpeg\r\n\r\n".utf8) + jpeg + Data("\r\n--\(boundary)--\r\n".utf8)
        let answer = try HTTPExchange.send(
            "POST", url, body: multipart,
            headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"])
        #expect(answer.status == 200, "multipart: \(answer.json)")
        let result = try #require(answer.json["result"] as? [String: Any])
        #expect(result["frame_index"] as? Int == 4, "frames of one session are numbered in order")
    }

    @Test func sessionsArePagedNewestFirst() throws {
        let ids = try (0..<3).map { _ in try start() }
        let page = try HTTPExchange.send(
            "GET",
            try base.appendingPathComponent("api/sessions")
                .appending(queryItems: [.init(name: "per_page", value: "2"), .init(name: "status", value: "active")]))
        #expect(page.status == 200)
        let sessions = try #require(page.json["sessions"] as? [[String: Any]])
        #expect(sessions.count == 2 && (page.json["total"] as? Int ?? 0) >= 3)
        #expect(sessions.map { $0["session_id"] as? String } == [ids[2], ids[1]])
        #expect(
            try HTTPExchange.send(
                "GET",
                try base.appendingPathComponent("api/sessions")
                    .appending(queryItems: [.init(name: "per_page", value: "0")])
            ).status == 400)
    }

    @Test func registeredFaceDrivesIdentityAndDocumentsAreVerified() throws {
        let id = try start()
        let registered = try HTTPExchange.json(
            "POST", try base.appendingPathComponent("api/sessions/\(id)/register-face"),
            ["frame": TestFrames.dataURL(try TestFrames.face())])
        #expect(registered.status == 200, "\(registered.json)")
        #expect(((registered.json["face"] as? [String: Any])?["confidence"] as? Double ?? 0) > 0.5)
        let several = try HTTPExchange.json(
            "POST", try base.appendingPathComponent("api/sessions/\(id)/register-face"),
            ["frame": TestFrames.dataURL(try TestFrames.still("c01_multi_2_obama_biden.jpg"))])
        #expect(several.status == 400 && several.error?.contains("faces found") == true)
        // Another person's face: a face_mismatch alert on the second examined frame (threshold 2 frames; live
        // frames are timed by the clock, and identity is examined once a second).
        let biden = try TestFrames.still("b04_oneface_biden_smiling.jpg")
        let once = try frame(id, biden)
        #expect((once["alerts"] as? [[String: Any]])?.contains { $0["type"] as? String == "face_mismatch" } == false)
        Thread.sleep(forTimeInterval: 1.1)
        let other = try frame(id, biden)
        #expect((other["alerts"] as? [[String: Any]])?.contains { $0["type"] as? String == "face_mismatch" } == true)

        let same = try HTTPExchange.json(
            "POST", try base.appendingPathComponent("api/verify-document"),
            [
                "document": TestFrames.dataURL(try TestFrames.face()),
                "face": TestFrames.dataURL(try TestFrames.still("b02_oneface_obama_podium.jpg")),
            ])
        #expect(same.status == 200 && same.json["same_person"] as? Bool == true, "\(same.json)")
        let different = try HTTPExchange.json(
            "POST", try base.appendingPathComponent("api/verify-document"),
            [
                "document": TestFrames.dataURL(try TestFrames.face()),
                "face": TestFrames.dataURL(try TestFrames.still("b04_oneface_biden_smiling.jpg")),
            ])
        #expect(different.status == 200 && different.json["same_person"] as? Bool == false)
    }

    @Test func docsAndDemoPageAreServed() throws {
        let docs = try HTTPExchange.send("GET", try base.appendingPathComponent("api/docs"))
        #expect(docs.status == 200 && (docs.json["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = try #require(docs.json["paths"] as? [String: Any])
        for path in [
            "/api/sessions/start", "/api/sessions/{session_id}/frame", "/api/sessions/{session_id}/metrics",
            "/api/sessions/{session_id}/alerts", "/api/sessions/{session_id}/emotions",
            "/api/sessions/{session_id}/end", "/api/sessions/{session_id}", "/api/sessions",
            "/api/sessions/{session_id}/register-face", "/api/verify-document", "/api/docs", "/health",
            "/api/sessions/{session_id}/stream", "/api/sessions/{session_id}/report",
        ] {
            #expect(paths[path] != nil, "\(path) missing from /api/docs")
        }
        // The document is valid OpenAPI 3 by an independent validator (PyPI openapi-spec-validator).
        let file = try ServerProcess.scratch("openapi").appendingPathComponent("openapi.json")
        try docs.body.write(to: file)
        _ = try runFixture([
            "python3", "-c",
            "import json, sys; from openapi_spec_validator import validate; "
                + "validate(json.load(open(sys.argv[1])))", file.path,
        ])
        let page = try HTTPExchange.send("GET", try base)
        #expect(page.status == 200 && page.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(String(decoding: page.body, as: UTF8.self).contains("startButton"))
    }
}
