import Foundation
import LocalVision
import ProctorMedia
import ProctorPipeline
import Testing

@testable import ProctorEngine
@testable import ProctorReports

#if canImport(Glibc)
    import Glibc
#endif

/// The HTML report of a real recording, rendered by headless Chromium: the timeline must be visible on the page.
struct HTMLRenderTests {
    static let chromium = "/usr/bin/chromium"

    @Test func timelineOfARealRecordingIsVisibleInABrowser() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.chromium) else {
            Issue.record("\(Self.chromium) not found: scripts/setup.sh --tests installs Debian's chromium package")
            return
        }
        // Kept after the test so the screenshot can be looked at.
        let folder = try TestMedia.scratch()
        let evidence = folder.appendingPathComponent("evidence")
        let analysis = RecordingAnalysis(
            fps: 1, config: ProctorConfig(), evidenceDirectory: evidence,
            toolVersion: "test")
        let report = try analysis.run(
            path: try TestMedia.path("videos/v01_webcam_gaze_left.mp4"),
            analyzer: try TestMedia.analyzer())
        let html = try ReportRenderer.render(report, as: .html)
        let page = folder.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: page)
        #expect(html.contains("data:image/jpeg;base64,"), "evidence frames should be embedded")

        // v01 looks away around 6-10 s: its band is the widest run of the looking_away colour.
        let away = try #require(
            report.events.filter { $0.type == .lookingAway }.max { $0.duration < $1.duration },
            "v01 should have a looking_away event; events: \(report.events.map(\.type))")
        let duration = report.input.durationSeconds ?? report.timeline.last?.timestamp ?? 1
        // The chart is 1000 px wide at this window size with 810 px of time axis.
        let expectedWidth = max(2, away.duration / duration * 810)

        let screenshot = folder.appendingPathComponent("report.png")
        let profile = folder.appendingPathComponent("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        try Self.screenshot(page: page, to: screenshot, profile: profile)
        print("HTML report: \(page.path)\nscreenshot: \(screenshot.path)")
        let image = try ImageLoader.decode(try Data(contentsOf: screenshot), name: screenshot.path)
        #expect(image.width == 1280)

        let colour = try #require(Self.rgb(HTMLReport.colour(of: .lookingAway)))
        let rows = Self.rowsWithRun(of: colour, longerThan: Int(expectedWidth * 0.8), in: image)
        #expect(rows >= 10, "no looking_away band (\(Int(expectedWidth)) px wide) in \(screenshot.path)")

        var painted = 0
        for offset in stride(from: 0, to: image.pixels.count, by: 3)
        where image.pixels[offset] < 235 || image.pixels[offset + 1] < 235 || image.pixels[offset + 2] < 235 {
            painted += 1
        }
        let share = Double(painted) / Double(image.width * image.height)
        #expect(share > 0.02, "the page looks blank: \(share * 100)% painted pixels")
    }

    /// Renders `page` with headless Chromium, killing its whole process group if it hangs.
    static func screenshot(page: URL, to output: URL, profile: URL) throws {
        let process = Process()
        // timeout(1) runs Chromium in its own process group and SIGKILLs the group after 90 s.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = [
            "-s", "KILL", "90", chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", "--no-first-run", "--user-data-dir=\(profile.path)",
            "--window-size=1280,2000", "--screenshot=\(output.path)", page.absoluteString,
        ]
        let log = output.deletingPathExtension().appendingPathExtension("chromium.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(100)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: output.path) else {
            throw TestMedia.Missing(
                description: "chromium exited with \(process.terminationStatus) and no screenshot "
                    + "(log: \(log.path)); scripts/setup.sh --tests installs it")
        }
    }

    /// "#rrggbb" as (r, g, b).
    static func rgb(_ hex: String) -> (r: Int, g: Int, b: Int)? {
        guard hex.count == 7, let value = Int(hex.dropFirst(), radix: 16) else { return nil }
        return (value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF)
    }

    /// Rows of a BGR frame holding at least `length` consecutive pixels of `colour` (within 3 per channel).
    static func rowsWithRun(of colour: (r: Int, g: Int, b: Int), longerThan length: Int, in frame: Frame) -> Int {
        var rows = 0
        for y in 0..<frame.height {
            var run = 0
            var longest = 0
            for x in 0..<frame.width {
                let offset = (y * frame.width + x) * 3
                let matches =
                    abs(Int(frame.pixels[offset]) - colour.b) <= 3
                    && abs(Int(frame.pixels[offset + 1]) - colour.g) <= 3
                    && abs(Int(frame.pixels[offset + 2]) - colour.r) <= 3
                run = matches ? run + 1 : 0
                longest = max(longest, run)
            }
            if longest >= max(2, length) { rows += 1 }
        }
        return rows
    }
}
