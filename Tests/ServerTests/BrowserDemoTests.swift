import Foundation
import Testing

/// The demo page in a real browser: headless Chromium (Debian) with a fake camera playing a shared video, driven by
/// Selenium through chromedriver (Fixtures/browser_demo_test.py): start a session, let frames flow, see metrics
/// update, end it, see the report; a screenshot is kept next to the test data.
@Suite(.serialized) struct BrowserDemoTests {
    @Test func demoPageRunsASessionInChromium() throws {
        let server = try ServerProcess(arguments: ["--api-key", "demo-key"])
        let work = try ServerProcess.scratch("browser")
        let camera = work.appendingPathComponent("camera.y4m")
        let screenshot = work.appendingPathComponent("demo.png")
        _ = try runFixture([ServerProcess.fixtures.appendingPathComponent("make_fake_camera.sh").path, camera.path])
        let output = try runFixture([
            "python3", ServerProcess.fixtures.appendingPathComponent("browser_demo_test.py").path,
            "--url", server.base.absoluteString + "/", "--api-key", "demo-key", "--camera", camera.path,
            "--screenshot", screenshot.path, "--seconds", "6",
        ])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect((summary["frames"] as? Int ?? 0) >= 3)
        let metrics = try #require(summary["metrics_seen"] as? [String: Any])
        #expect(metrics.values.contains { $0 is Double || $0 is Int }, "a metric shows a number: \(metrics)")
        #expect(
            ["no_alerts", "review_recommended", "insufficient_evidence"].contains(summary["assessment"] as? String))
        #expect(FileManager.default.fileExists(atPath: screenshot.path))
        // The page's session is a real one: the server stored its frames and its report.
        let id = try #require(summary["session_id"] as? String)
        let report = try HTTPExchange.send(
            "GET", server.base.appendingPathComponent("api/sessions/\(id)/report"),
            headers: ["X-API-Key": "demo-key"])
        #expect(report.status == 200)
        let analysed =
            ((report.json["report"] as? [String: Any])?["input"] as? [String: Any])?["frames_analysed"] as? Int
        #expect((analysed ?? 0) >= (summary["frames"] as? Int ?? 0), "a frame in flight at End is still analysed")
    }
}
