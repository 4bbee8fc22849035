import Foundation
import ProctorEngine

/// The HTML view of a report: one self-contained HTML5 document (inline CSS and SVG, evidence frames embedded as
/// data URLs, no script, no network access) with the review priority first, then a timeline of the events, the
/// eye-contact and engagement curves, the apparent facial expression, coverage and quality, the events with their
/// evidence, and the notes, models and configuration. It states the same facts as `MarkdownReport`.
struct HTMLReport {
    let report: Report
    /// Reads an evidence JPEG to embed (the report names its path); nil when it cannot be read.
    var readEvidence: (String) -> Data? = { FileManager.default.contents(atPath: $0) }

    var text: String {
        let sections = [
            header(), prioritySection(), timelineSection(), curveSection(), expressionSection(), coverageSection(),
            metricSection(), identitySection(), eventSection(), notesSection(), modelsSection(),
        ]
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Proctoring report: \(Self.escape(fileName))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <main>
            \(sections.filter { !$0.isEmpty }.joined(separator: "\n"))
            </main>
            </body>
            </html>

            """
    }

    var fileName: String { (report.input.file as NSString).lastPathComponent }

    // MARK: - Palettes (the only place colours are chosen)

    /// The fixed colour of each alert type, in the timeline, its legend and the event list.
    static func colour(of type: AlertType) -> String {
        switch type {
        case .noFaceDetected: return "#d62728"
        case .multipleFacesDetected: return "#9467bd"
        case .lookingAway: return "#ff7f0e"
        case .lowEngagement: return "#bcbd22"
        case .insufficientEvidence: return "#7f7f7f"
        case .suspiciousObject: return "#e377c2"
        case .multiplePeopleDetected: return "#8c564b"
        case .textDetected: return "#17becf"
        case .faceMismatch: return "#1f1f8f"
        }
    }

    static func colour(of level: ReviewPriority.Level) -> String {
        switch level {
        case .low: return "#2ca02c"
        case .needsReview: return "#e08000"
        case .high: return "#d62728"
        case .insufficientEvidence: return "#7f7f7f"
        }
    }

    /// A metric curve: its colour and dash pattern (so the two curves differ by more than colour).
    struct Curve {
        let metric: String, label: String, colour: String, dash: String?

        /// SVG stroke attributes.
        var stroke: String {
            "stroke=\"\(colour)\" stroke-width=\"2\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")
        }
    }

    static let curves = [
        Curve(metric: "eye_contact", label: "Eye contact", colour: "#1f77b4", dash: nil),
        Curve(metric: "engagement", label: "Engagement", colour: "#2ca02c", dash: "6 4"),
    ]

    /// Apparent expressions by the names the backends give them, in light tones that cannot be mistaken for an
    /// alert colour; any other name takes a spare colour.
    static let expressionColours: [String: String] = [
        "CALM": "#c6dbef", "HAPPY": "#fdd0a2", "SAD": "#9ecae1", "SURPRISED": "#c7e9c0", "ANGRY": "#fcbba1",
        "DISGUSTED": "#d9d9a3", "FEAR": "#dadaeb", "CONFUSED": "#e5e5e5",
    ]
    static let spareColours = ["#f2d7e6", "#e6f5d0", "#d8ecf3", "#f6e8c3", "#e3d3c4"]

    func expressionColour(_ name: String, among names: [String]) -> String {
        if let colour = Self.expressionColours[name.uppercased()] { return colour }
        let others = names.filter { Self.expressionColours[$0.uppercased()] == nil }.sorted()
        return Self.spareColours[(others.firstIndex(of: name) ?? 0) % Self.spareColours.count]
    }

    // MARK: - Sections

    func header() -> String {
        let review = report.review
        let level = review.level.rawValue
        return """
            <header>
            <h1>Proctoring report: \(Self.escape(fileName))</h1>
            <div class="priority" style="border-color: \(Self.colour(of: review.level))">
            <p class="level"><span class="badge" style="background: \(Self.colour(of: review.level))">\
            \(Self.label(level))</span> review priority</p>
            <p>Score <strong>\(Self.number(review.score))</strong>: needs review from \
            \(Self.number(review.needsReviewScore)), high from \(Self.number(review.highScore)).</p>
            <p>Assessment: <strong>\(Self.label(report.summary.assessment))</strong>. \(eventCountLine())</p>
            </div>
            \(Self.definitionList(recordingFacts() + usageFacts()))
            </header>
            """
    }

    /// What was analysed, how and by what: the header's fact list.
    func recordingFacts() -> [(String, String)] {
        let input = report.input
        var facts: [(String, String)] = [
            ("Recording", "<code>\(Self.escape(input.file))</code>"),
            (
                "Picture",
                "\(input.width)×\(input.height)"
                    + (input.rotation != 0 ? ", rotated \(input.rotation)°" : "")
                    + [input.container, input.codec].compactMap { $0 }.map { ", \(Self.escape($0))" }.joined()
            ),
            (
                "Duration",
                input.durationSeconds.map { Self.clock($0, decimals: 1) + " (\(Self.number($0)) s)" }
                    ?? "not stated by the container"
            ),
            (
                "Frames analysed",
                "\(input.framesAnalysed) at \(Self.number(input.sampledFps)) fps"
                    + (input.lastFrameSeconds.map { ", last at \(Self.number($0)) s" } ?? "")
            ),
            ("Backend", "<code>\(Self.escape(report.backend.name))</code>"),
            (
                "Tool",
                "\(Self.escape(report.tool.name)) \(Self.escape(report.tool.version)), report schema "
                    + "\(report.schemaVersion)"
            ),
            ("Generated at", Self.escape(report.generatedAt)),
        ]
        if input.partial {
            facts.append(
                (
                    "Partial analysis",
                    "<strong>yes</strong>: "
                        + Self.escape(input.partialReason ?? "the input ended early")
                ))
        }
        return facts
    }

    /// A billed backend's calls, failures and estimated cost; nothing for a local run.
    func usageFacts() -> [(String, String)] {
        var facts: [(String, String)] = []
        if let usage = report.backend.usage {
            let calls = usage.calls.sorted { $0.key < $1.key }.map { "\(Self.escape($0.key)) ×\($0.value)" }
            let failed = usage.failedCalls.filter { $0.value > 0 }.sorted { $0.key < $1.key }
                .map { "\(Self.escape($0.key)) ×\($0.value)" }
            facts.append(
                (
                    "Backend calls",
                    (calls.isEmpty ? "none" : calls.joined(separator: ", "))
                        + ", estimated cost $" + String(format: "%.4f", usage.estimatedCostUsd)
                        + " (\(Self.escape(usage.priceSource)))"
                ))
            if !failed.isEmpty || usage.retries > 0 {
                facts.append(
                    (
                        "Failed calls",
                        (failed.isEmpty ? "none" : failed.joined(separator: ", "))
                            + "; retries: \(usage.retries)"
                    ))
            }
        }
        return facts
    }

    func eventCountLine() -> String {
        guard !report.events.isEmpty else { return "No events." }
        let severities = ["critical", "warning", "info"].compactMap { name -> String? in
            guard let count = report.summary.eventsBySeverity[name], count > 0 else { return nil }
            return "\(count) \(name)"
        }
        return "\(report.events.count) event(s): " + severities.joined(separator: ", ") + "."
    }

    func prioritySection() -> String {
        let contributions = report.review.contributions
        let body =
            contributions.isEmpty
            ? "<p>No event contributed to the score.</p>"
            : Self.table(
                headers: ["event", "type", "severity", "duration", "weight", "severity factor", "contribution"],
                numeric: [3, 4, 5, 6],
                rows: contributions.map { item in
                    [
                        Self.escape(item.eventId), Self.typeLabel(item.type), item.severity.rawValue,
                        Self.number(item.durationSeconds) + " s", Self.number(item.weight),
                        Self.number(item.severityFactor), Self.number(item.contribution),
                    ]
                })
        return """
            <section>
            <h2>Why this priority</h2>
            <p>Each event adds weight(type) × severity factor × (1 + duration / \
            \(Self.number(report.config.review.durationUnitSeconds)) s); the score is the sum.</p>
            \(body)
            </section>
            """
    }

    func coverageSection() -> String {
        let coverage = report.coverage
        let categories = ["one_face", "no_face", "multiple_faces", "poor_quality", "unanalysed"]
        let coverageTable = Self.table(
            headers: ["frames with", "frames", "share"], numeric: [1, 2],
            rows: categories.map {
                [Self.label($0), "\(coverage.counts[$0] ?? 0)", Self.percent(coverage.shares[$0])]
            })
        let quality = report.quality
        var qualityLines: [String] = []
        if let brightness = quality.meanBrightness, let sharpness = quality.meanSharpness {
            qualityLines.append(
                "Mean brightness \(Self.number(brightness))/255, "
                    + "mean sharpness \(Self.number(sharpness)).")
        }
        let verdicts = quality.verdicts.sorted { $0.key < $1.key }.map { "\(Self.escape($0.key)) \($0.value)" }
        qualityLines.append(
            "Frame quality: " + (verdicts.isEmpty ? "no frame" : verdicts.joined(separator: ", "))
                + ".")
        return """
            <section>
            <h2>Coverage and picture quality</h2>
            <p>\(coverage.frames) sampled frames.</p>
            \(coverageTable)
            \(qualityLines.map { "<p>\($0)</p>" }.joined(separator: "\n"))
            <h3>Baseline</h3>
            \(baselineLines().map { "<p>\($0)</p>" }.joined(separator: "\n"))
            </section>
            """
    }

    func baselineLines() -> [String] { report.baseline.sentences }

    func metricSection() -> String {
        let names = ["eye_contact", "engagement", "confidence", "posture", "facial_expression"]
        let rows = names.map { name -> [String] in
            guard let summary = report.metrics[name] else {
                return [name, "0", "not measured", "", "", "", "", "", ""]
            }
            return [name, "\(summary.frames)"]
                + [summary.mean, summary.min, summary.p10, summary.median, summary.p90, summary.max].map(Self.number)
                + [summary.histogram.map(String.init).joined(separator: " ")]
        }
        return """
            <section>
            <h2>Metrics (0-100, over frames where measurable)</h2>
            \(Self.table(headers: ["metric", "frames", "mean", "min", "p10", "median", "p90", "max",
                                   "frames per 10-point bucket"],
                         numeric: [1, 2, 3, 4, 5, 6, 7], rows: rows))
            </section>
            """
    }

    func identitySection() -> String {
        guard let identity = report.identity else { return "" }
        let source = identity.referenceDescription
        var facts = [("Reference", source), ("Frames compared", "\(identity.comparisons)")]
        if let threshold = identity.threshold { facts.append(("Threshold", Self.number(threshold))) }
        if let maximum = identity.maxDistance { facts.append(("Largest distance", Self.number(maximum))) }
        if let mean = identity.meanDistance { facts.append(("Mean distance", Self.number(mean))) }
        if let unverified = identity.unverified, !unverified.isEmpty {
            facts.append(
                (
                    "No verdict (face too small or turned)",
                    unverified.map { "\(Self.number($0.start))-\(Self.number($0.end)) s" }
                        .joined(separator: ", ")
                ))
        }
        let thumbnail =
            identity.referenceEvidencePath.map {
                evidenceImage(path: $0, alt: "Reference face", fallback: "reference face (no image)")
            } ?? ""
        return """
            <section>
            <h2>Identity</h2>
            \(Self.definitionList(facts))
            \(thumbnail)
            </section>
            """
    }

    func eventSection() -> String {
        guard !report.events.isEmpty else { return "<section>\n<h2>Events</h2>\n<p>No events.</p>\n</section>" }
        let rows = report.events.map { event -> [String] in
            let frame = "frame \(event.evidence.frameIndex) at \(Self.number(event.evidence.timestamp)) s"
            let evidence =
                event.evidence.path.map {
                    evidenceImage(
                        path: $0, alt: "Evidence for \(event.type.rawValue) event \(event.id): \(frame)",
                        fallback: "\(frame) (no image)")
                } ?? "\(Self.escape(frame)) (no image)"
            return [
                Self.escape(event.id), Self.typeLabel(event.type), event.severity.rawValue,
                "<span class=\"nowrap\">\(Self.span(event.start, event.end))</span>",
                "\(event.frames.count)", Self.number(event.peakConfidence),
                Self.escape(MarkdownReport.describe(event.details)), evidence,
            ]
        }
        return """
            <section>
            <h2>Events</h2>
            \(Self.table(headers: ["event", "type", "severity", "start–end", "frames", "peak confidence", "details",
                                   "evidence"],
                         numeric: [4, 5], rows: rows))
            </section>
            """
    }

    func notesSection() -> String {
        guard !report.notes.isEmpty else { return "" }
        return """
            <section>
            <h2>Notes</h2>
            <ul>\(report.notes.map { "<li>\(Self.escape($0))</li>" }.joined())</ul>
            </section>
            """
    }

    func modelsSection() -> String {
        let models =
            report.backend.models.isEmpty
            ? "<p>No model listed by the backend.</p>"
            : Self.table(
                headers: ["model", "file", "sha256", "checksum verified"], numeric: [],
                rows: report.backend.models.map {
                    [
                        Self.escape($0.id), "<code>\(Self.escape($0.file))</code>",
                        "<code>\(Self.escape($0.sha256))</code>", $0.verified ? "yes" : "no",
                    ]
                })
        let config = (try? ReportCoding.json(report.config)) ?? "(configuration could not be encoded)"
        return """
            <section>
            <h2>Models and configuration</h2>
            <details>
            <summary>Models used by the <code>\(Self.escape(report.backend.name))</code> backend \
            (\(report.backend.models.count))</summary>
            \(models)
            </details>
            <details>
            <summary>Configuration (thresholds and review weights)</summary>
            <pre>\(Self.escape(config))</pre>
            </details>
            </section>
            """
    }
}
