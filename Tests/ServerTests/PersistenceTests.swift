import Foundation
import Testing

/// What the API acknowledged survives a crash: the server is killed with SIGKILL and restarted on the same data
/// folder.
@Suite(.serialized) struct PersistenceTests {
    @Test func sessionsFramesAndReportsSurviveSIGKILL() throws {
        let server = try ServerProcess()
        func url(_ path: String) -> URL { server.base.appendingPathComponent(path) }
        func send(_ id: String, _ jpeg: Data) throws -> [String: Any] {
            let answer = try HTTPExchange.json(
                "POST", url("api/sessions/\(id)/frame"), ["frame": TestFrames.dataURL(jpeg)])
            #expect(answer.status == 200, "\(answer.json)")
            return answer.json["result"] as? [String: Any] ?? [:]
        }
        let live = try #require(
            try HTTPExchange.json("POST", url("api/sessions/start"), ["job_data": ["role": "SRE"]])
                .json["session_id"] as? String)
        _ = try send(live, try TestFrames.face())
        _ = try send(live, try TestFrames.noFace())
        _ = try send(live, try TestFrames.noFace())

        let finished = try #require(
            try HTTPExchange.json("POST", url("api/sessions/start"), [:]).json["session_id"] as? String)
        for _ in 0..<3 { _ = try send(finished, try TestFrames.noFace()) }
        let ended = try HTTPExchange.send("POST", url("api/sessions/\(finished)/end"))
        let endedReport = try #require(ended.json["report"] as? [String: Any])
        let evidence = server.data.appendingPathComponent("evidence/\(finished)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: evidence.path).contains { $0.hasSuffix(".jpg") })

        try server.restart()

        let session = try #require(
            try HTTPExchange.send("GET", url("api/sessions/\(live)")).json["session"] as? [String: Any])
        #expect(session["frame_count"] as? Int == 3 && session["status"] as? String == "active")
        #expect((session["job_data"] as? [String: Any])?["role"] as? String == "SRE")
        #expect(try HTTPExchange.send("GET", url("api/sessions/\(live)/metrics")).json["frames_analysed"] as? Int == 3)
        // The engine is rebuilt from the stored frames: two no-face frames before the crash and one after make the
        // three that raise no_face_detected.
        let next = try send(live, try TestFrames.noFace())
        #expect(next["frame_index"] as? Int == 3)
        #expect((next["alerts"] as? [[String: Any]])?.first?["type"] as? String == "no_face_detected")

        let stored = try HTTPExchange.send("GET", url("api/sessions/\(finished)/report"))
        #expect(stored.status == 200)
        let report = try #require(stored.json["report"] as? [String: Any])
        #expect((report["events"] as? [Any])?.count == (endedReport["events"] as? [Any])?.count)
        #expect(report["generated_at"] as? String == endedReport["generated_at"] as? String)

        #expect(try HTTPExchange.send("DELETE", url("api/sessions/\(finished)")).status == 200)
        #expect(!FileManager.default.fileExists(atPath: evidence.path), "deleting a session deletes its evidence")
        try server.restart()
        #expect(try HTTPExchange.send("GET", url("api/sessions/\(finished)")).status == 404)
    }

    @Test func retentionPurgesOldSessions() throws {
        let server = try ServerProcess()
        let id = try #require(
            try HTTPExchange.json("POST", server.base.appendingPathComponent("api/sessions/start"), [:])
                .json["session_id"] as? String)
        // A retention of about a second: the session started before the restart is past it.
        Thread.sleep(forTimeInterval: 1.5)
        let data = server.data
        server.stop()
        let purging = try ServerProcess(data: data, arguments: ["--retention-days", "0.00001"])
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try HTTPExchange.send("GET", purging.base.appendingPathComponent("api/sessions/\(id)")).status == 404)
    }
}
