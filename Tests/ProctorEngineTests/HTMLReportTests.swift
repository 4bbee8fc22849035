import Foundation
import Testing

@testable import ProctorEngine
@testable import ProctorReports

struct HTMLReportTests {
    private static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// 12 frames at 1 fps: one face, no face over 4-7 s (a no_face event and a gap in the curves), one face again,
    /// two faces at 10 s (a multiple_faces event).
    private func report() -> Report {
        let run = Fixtures.run(12) { index in
            switch index {
            case 4...7: return []
            case 10: return [Fixtures.face(left: 0.1), Fixtures.face(left: 0.6)]
            default: return [Fixtures.face()]
            }
        }
        return ReportBuilder.build(
            outcome: run.outcome,
            input: .init(
                file: "/recordings/x.mp4", container: "mp4", codec: "h264", durationSeconds: 12, width: 640,
                height: 480, rotation: 0, sampledFps: 1, framesAnalysed: 12, lastFrameSeconds: 11,
                partial: false, partialReason: nil),
            backend: .init(name: "local", models: []), config: ProctorConfig(), toolVersion: "test")
    }

    private func html(_ report: Report) throws -> String { try ReportRenderer.render(report, as: .html) }

    /// Occurrences of `needle` in `text`.
    private func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The opening tags of an element, e.g. every `<rect ...>`.
    private func tags(_ name: String, in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "<\(name)\\b[^>]*>")
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range, in: text)!])
        }
    }

    @Test func isOneSelfContainedDocumentWithoutNetworkReferences() throws {
        var report = report()
        report.notes.append("see https://example.com/help and http://example.org/x.png")
        let text = try html(report)
        #expect(text.hasPrefix("<!DOCTYPE html>"))
        #expect(count("<html", in: text) == 1 && text.hasSuffix("</html>\n"))
        #expect(!text.contains("<script"), "no script is needed")
        #expect(!text.contains("<link") && !text.contains("@import") && !text.contains("url("))
        // Addresses appear only as escaped text (the note), never as something the browser would load.
        let loading = try NSRegularExpression(pattern: #"(src|href|xlink:href)\s*=\s*["']?\s*(https?:)?//"#)
        #expect(loading.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil)
        let withoutNote = try html(self.report())
        #expect(!withoutNote.contains("http://") && !withoutNote.contains("https://"))
        #expect(text.contains("<li>see https://example.com/help and http://example.org/x.png</li>"))
    }

    @Test func showsThePriorityItsScoreAndWhy() throws {
        let report = report()
        let text = try html(report)
        #expect(report.review.level != .low)
        let level = report.review.level.rawValue.replacingOccurrences(of: "_", with: " ")
        #expect(text.contains(">\(level)</span> review priority"))
        #expect(text.contains("Score <strong>\(String(format: "%.2f", report.review.score))</strong>"))
        #expect(text.contains("needs review from 1.00, high from 4.00"))
        #expect(text.contains("<h2>Why this priority</h2>"))
        for contribution in report.review.contributions {
            #expect(text.contains(String(format: "%.2f", contribution.contribution)))
        }
        #expect(text.contains("Proctoring report: x.mp4"))
    }

    @Test func eachEventIsOneBandOfItsTypeOnTheTimeline() throws {
        let report = report()
        let text = try html(report)
        #expect(Set(report.events.map(\.type)) == [.noFaceDetected, .multipleFacesDetected])
        #expect(text.contains("<svg id=\"timeline\" data-duration=\"12.00\""))
        let bands = tags("rect", in: text).filter { $0.contains("class=\"event-band\"") }
        #expect(bands.count == report.events.count)
        for event in report.events {
            let band = bands.filter { $0.contains("data-event-id=\"\(event.id)\"") }
            #expect(band.count == 1, "one band for \(event.id)")
            #expect(band.first?.contains("data-type=\"\(event.type.rawValue)\"") == true)
            #expect(band.first?.contains("fill=\"\(HTMLReport.colour(of: event.type))\"") == true)
        }
        // The one-frame multiple-faces event is still visible: at least 2 units wide.
        let single = try #require(bands.first { $0.contains("data-type=\"multiple_faces_detected\"") })
        let width = try #require(single.firstMatch(of: /width="([0-9.]+)"/).map { Double($0.1)! })
        #expect(width >= 2)
        #expect(text.contains(">0:00</text>") && text.contains(">0:10</text>"), "m:ss tick labels")
    }

    @Test func framesWithoutAFaceBreakTheCurves() throws {
        let report = report()
        #expect(report.timeline[4...7].allSatisfy { $0.metrics.eyeContact == nil })
        let text = try html(report)
        let lines = tags("polyline", in: text).filter { $0.contains("data-metric=\"eye_contact\"") }
        #expect(lines.count >= 2, "the no-face frames must split the eye-contact line")
        // No point of any eye-contact line lies inside the gap (4-7 s), so nothing is drawn as 0 there.
        let xs = lines.flatMap { line -> [Double] in
            let points = line.firstMatch(of: /points="([^"]*)"/).map { String($0.1) } ?? ""
            return points.split(separator: " ").compactMap { Double($0.split(separator: ",")[0]) }
        }
        #expect(xs.count == report.timeline.filter { $0.metrics.eyeContact != nil }.count)
        let left = 170.0
        let right = 980.0
        func x(_ seconds: Double) -> Double { left + (right - left) * seconds / 12 }
        #expect(xs.allSatisfy { $0 < x(4) - 0.5 || $0 > x(7) + 0.5 }, "points at \(xs)")
        #expect(tags("polyline", in: text).contains { $0.contains("data-metric=\"engagement\"") })
    }

    @Test func evidenceJPEGIsEmbeddedAndMissingOneIsNamed() throws {
        let still = Self.projectRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/media/images/b01_oneface_obama.jpg")
        let bytes = try Data(contentsOf: still)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("proctor-html-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let jpeg = folder.appendingPathComponent("evidence.jpg")
        try bytes.write(to: jpeg)

        var report = report()
        #expect(report.events.count == 2)
        report.events[0].evidence.path = jpeg.path
        report.events[1].evidence.path = folder.appendingPathComponent("gone.jpg").path
        let text = try html(report)
        let images = tags("img", in: text)
        #expect(images.count == 1)
        #expect(images.first?.contains("src=\"data:image/jpeg;base64,\(bytes.base64EncodedString())\"") == true)
        #expect(images.first?.contains("alt=\"Evidence for \(report.events[0].type.rawValue)") == true)
        let missing = report.events[1].evidence
        let frame = "frame \(missing.frameIndex) at \(String(format: "%.2f", missing.timestamp)) s"
        #expect(text.contains(frame + " (no image)"))
        #expect(text.contains("max-width: 320px"))
    }

    @Test func reportStringsAreEscaped() throws {
        var report = report()
        report.input.file = "/tmp/<script>alert(1)</script>&.mp4"
        report.notes.append("<script>alert('note')</script>")
        report.events[0].details = EventDetails(objectLabel: "<b>book</b>", text: ["<script>x</script>"])
        let text = try html(report)
        #expect(!text.contains("<script"))
        #expect(!text.contains("<b>book"))
        #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;.mp4"))
        #expect(text.contains("&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;"))
        #expect(text.contains("&lt;b&gt;book&lt;/b&gt;"))
    }

    @Test func apparentExpressionIsShownOnlyWhenMeasured() throws {
        var report = report()
        #expect(report.expressions == nil)
        #expect(!(try html(report)).contains("id=\"expressions\""))
        report.expressions = ExpressionSummary(
            frames: 3, meanProbabilities: ["CALM": 0.7, "HAPPY": 0.3],
            dominantShares: ["CALM": 2.0 / 3, "HAPPY": 1.0 / 3],
            dominant: "CALM",
            segments: [
                .init(start: 0, end: 1, expression: "CALM", frames: 2, meanProbability: 0.8),
                .init(start: 2, end: 2, expression: "HAPPY", frames: 1, meanProbability: 0.6),
            ])
        let text = try html(report)
        #expect(text.contains("<h2>Apparent facial expression</h2>"))
        #expect(tags("rect", in: text).filter { $0.contains("class=\"expression-band\"") }.count == 2)
        #expect(text.contains("0.70") && text.contains("67%"))
        #expect(!text.lowercased().contains("emotion") && !text.lowercased().contains("feeling"))
    }

    @Test func htmlIsAListedFormat() {
        #expect(ReportFormat(rawValue: "html") == .html)
    }
}
