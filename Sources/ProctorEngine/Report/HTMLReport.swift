import Foundation

/// The HTML view of a report: one self-contained HTML5 document (inline CSS and SVG, evidence frames embedded as
/// data URLs, no script, no network access) with the review priority first, then a timeline of the events, the
/// eye-contact and engagement curves, the apparent facial expression, coverage and quality, the events with their
/// evidence, and the notes, models and configuration. It states the same facts as `MarkdownReport`.
struct HTMLReport {
    let report: Report

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

    private var fileName: String { (report.input.file as NSString).lastPathComponent }

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
    private struct Curve {
        let metric: String, label: String, colour: String, dash: String?

        /// SVG stroke attributes.
        var stroke: String {
            "stroke=\"\(colour)\" stroke-width=\"2\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")
        }
    }

    private static let curves = [
        Curve(metric: "eye_contact", label: "Eye contact", colour: "#1f77b4", dash: nil),
        Curve(metric: "engagement", label: "Engagement", colour: "#2ca02c", dash: "6 4"),
    ]

    /// Apparent expressions by the names the backends give them, in light tones that cannot be mistaken for an
    /// alert colour; any other name takes a spare colour.
    private static let expressionColours: [String: String] = [
        "CALM": "#c6dbef", "HAPPY": "#fdd0a2", "SAD": "#9ecae1", "SURPRISED": "#c7e9c0", "ANGRY": "#fcbba1",
        "DISGUSTED": "#d9d9a3", "FEAR": "#dadaeb", "CONFUSED": "#e5e5e5",
    ]
    private static let spareColours = ["#f2d7e6", "#e6f5d0", "#d8ecf3", "#f6e8c3", "#e3d3c4"]

    private func expressionColour(_ name: String, among names: [String]) -> String {
        if let colour = Self.expressionColours[name.uppercased()] { return colour }
        let others = names.filter { Self.expressionColours[$0.uppercased()] == nil }.sorted()
        return Self.spareColours[(others.firstIndex(of: name) ?? 0) % Self.spareColours.count]
    }

    // MARK: - Sections

    private func header() -> String {
        let input = report.input
        var facts: [(String, String)] = [
            ("Recording", "<code>\(Self.escape(input.file))</code>"),
            ("Picture", "\(input.width)×\(input.height)"
                + (input.rotation != 0 ? ", rotated \(input.rotation)°" : "")
                + [input.container, input.codec].compactMap { $0 }.map { ", \(Self.escape($0))" }.joined()),
            ("Duration", input.durationSeconds.map { Self.clock($0, decimals: 1) + " (\(Self.number($0)) s)" }
                ?? "not stated by the container"),
            ("Frames analysed", "\(input.framesAnalysed) at \(Self.number(input.sampledFps)) fps"
                + (input.lastFrameSeconds.map { ", last at \(Self.number($0)) s" } ?? "")),
            ("Backend", "<code>\(Self.escape(report.backend.name))</code>"),
            ("Tool", "\(Self.escape(report.tool.name)) \(Self.escape(report.tool.version)), report schema "
                + "\(report.schemaVersion)"),
            ("Generated at", Self.escape(report.generatedAt)),
        ]
        if input.partial {
            facts.append(("Partial analysis", "<strong>yes</strong>: "
                + Self.escape(input.partialReason ?? "the input ended early")))
        }
        if let usage = report.backend.usage {
            let calls = usage.calls.sorted { $0.key < $1.key }.map { "\(Self.escape($0.key)) ×\($0.value)" }
            let failed = usage.failedCalls.filter { $0.value > 0 }.sorted { $0.key < $1.key }
                .map { "\(Self.escape($0.key)) ×\($0.value)" }
            facts.append(("Backend calls", (calls.isEmpty ? "none" : calls.joined(separator: ", "))
                + ", estimated cost $" + String(format: "%.4f", usage.estimatedCostUsd)
                + " (\(Self.escape(usage.priceSource)))"))
            if !failed.isEmpty || usage.retries > 0 {
                facts.append(("Failed calls", (failed.isEmpty ? "none" : failed.joined(separator: ", "))
                    + "; retries: \(usage.retries)"))
            }
        }
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
            \(Self.definitionList(facts))
            </header>
            """
    }

    private func eventCountLine() -> String {
        guard !report.events.isEmpty else { return "No events." }
        let severities = ["critical", "warning", "info"].compactMap { name -> String? in
            guard let count = report.summary.eventsBySeverity[name], count > 0 else { return nil }
            return "\(count) \(name)"
        }
        return "\(report.events.count) event(s): " + severities.joined(separator: ", ") + "."
    }

    private func prioritySection() -> String {
        let contributions = report.review.contributions
        let body = contributions.isEmpty
            ? "<p>No event contributed to the score.</p>"
            : Self.table(
                headers: ["event", "type", "severity", "duration", "weight", "severity factor", "contribution"],
                numeric: [3, 4, 5, 6],
                rows: contributions.map { item in
                    [Self.escape(item.eventId), Self.typeLabel(item.type), item.severity.rawValue,
                     Self.number(item.durationSeconds) + " s", Self.number(item.weight),
                     Self.number(item.severityFactor), Self.number(item.contribution)]
                })
        return """
            <section>
            <h2>Why this priority</h2>
            <p>Each event adds weight(type) × severity factor × (1 + duration / \
            \(Self.number(report.config.reviewDurationUnitSeconds)) s); the score is the sum.</p>
            \(body)
            </section>
            """
    }

    private func timelineSection() -> String {
        let axis = TimeAxis(duration: duration)
        let types = AlertType.allCases.filter { type in report.events.contains { $0.type == type } }
        let laneHeight = 28.0, top = 10.0
        let lanesHeight = max(1, Double(types.count)) * laneHeight
        var shapes: [String] = []
        for (lane, type) in types.enumerated() {
            let y = top + Double(lane) * laneHeight
            shapes.append(axis.laneLabel(type.rawValue, middle: y + laneHeight / 2))
            for event in report.events where event.type == type {
                let tip = "\(type.message) (\(type.rawValue), \(event.id)): \(Self.span(event.start, event.end)), "
                    + "\(event.severity.rawValue), "
                    + "\(event.frames.count) frame(s), peak confidence \(Self.number(event.peakConfidence))"
                shapes.append(axis.band(y: y + 5, height: laneHeight - 10, from: event.start, to: event.end,
                                        fill: Self.colour(of: type),
                                        attributes: "class=\"event-band\" data-type=\"\(type.rawValue)\" "
                                            + "data-event-id=\"\(Self.escape(event.id))\"",
                                        tooltip: tip))
            }
        }
        if types.isEmpty {
            shapes.append("<text x=\"\(Self.coordinate(axis.left + 8))\" y=\"\(Self.coordinate(top + 18))\">"
                + "No events</text>")
        }
        let legend = types.map { type -> (colour: String, text: String) in
            let count = report.summary.alertCounts[type.rawValue] ?? 0
            let seconds = report.summary.alertSeconds[type.rawValue] ?? 0
            return (Self.colour(of: type),
                    "\(type.rawValue): \(Self.escape(type.message)), \(count) event(s), \(Self.number(seconds)) s")
        }
        return """
            <section>
            <h2>Timeline</h2>
            \(axis.chart(id: "timeline", title: "Events over the recording, one lane per alert type", top: top,
                         bottom: top + lanesHeight, shapes: shapes))
            \(Self.legend(legend))
            </section>
            """
    }

    private func curveSection() -> String {
        let axis = TimeAxis(duration: duration)
        let top = 10.0, plotHeight = 160.0
        func y(_ value: Double) -> Double { top + plotHeight * (100 - min(max(value, 0), 100)) / 100 }
        var shapes = [0.0, 25, 50, 75, 100].map { value in
            "<line class=\"grid\" x1=\"\(Self.coordinate(axis.left))\" x2=\"\(Self.coordinate(axis.right))\" "
                + "y1=\"\(Self.coordinate(y(value)))\" y2=\"\(Self.coordinate(y(value)))\"/>"
                + "<text class=\"tick\" x=\"\(Self.coordinate(axis.left - 6))\" y=\"\(Self.coordinate(y(value) + 4))\" "
                + "text-anchor=\"end\">\(Int(value))</text>"
        }
        let threshold = report.config.lowEngagementBelow
        shapes.append("<line class=\"threshold\" x1=\"\(Self.coordinate(axis.left))\" "
            + "x2=\"\(Self.coordinate(axis.right))\" y1=\"\(Self.coordinate(y(threshold)))\" "
            + "y2=\"\(Self.coordinate(y(threshold)))\"><title>low engagement below \(Self.number(threshold))</title>"
            + "</line>")
        for curve in Self.curves {
            for run in runs(of: curve.metric) {
                let points = run.map { "\(Self.coordinate(axis.x($0.time))),\(Self.coordinate(y($0.value)))" }
                if run.count == 1 {
                    shapes.append("<circle class=\"curve-point\" data-metric=\"\(curve.metric)\" "
                        + "cx=\"\(Self.coordinate(axis.x(run[0].time)))\" cy=\"\(Self.coordinate(y(run[0].value)))\" "
                        + "r=\"2.5\" fill=\"\(curve.colour)\"/>")
                }
                shapes.append("<polyline class=\"curve\" data-metric=\"\(curve.metric)\" fill=\"none\" "
                    + "\(curve.stroke) points=\"\(points.joined(separator: " "))\"/>")
            }
        }
        let legend = Self.curves.map { curve in
            "<li><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" x2=\"28\" y1=\"5\" y2=\"5\" "
                + "\(curve.stroke)/></svg> \(curve.label) (\(curve.metric))</li>"
        } + ["<li><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><line class=\"threshold\" x1=\"0\" x2=\"28\" "
            + "y1=\"5\" y2=\"5\"/></svg> low engagement threshold (\(Self.number(threshold)))</li>"]
        return """
            <section>
            <h2>Eye contact and engagement</h2>
            <p>0-100 per analysed frame; the line breaks where a frame has no value (no usable face), it never \
            drops to 0 for it.</p>
            \(axis.chart(id: "curves", title: "Eye contact and engagement over the recording", top: top,
                         bottom: top + plotHeight, shapes: shapes))
            <ul class="legend">\(legend.joined())</ul>
            </section>
            """
    }

    /// Consecutive timeline frames that have `metric`; a frame without it ends a run.
    private func runs(of metric: String) -> [[(time: Double, value: Double)]] {
        var runs: [[(time: Double, value: Double)]] = []
        var current: [(time: Double, value: Double)] = []
        for record in report.timeline {
            if let value = record.metrics.named.first(where: { $0.name == metric })?.value, value.isFinite {
                current.append((record.timestamp, value))
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    private func expressionSection() -> String {
        guard let expressions = report.expressions else { return "" }
        let axis = TimeAxis(duration: duration)
        let names = Array(Set(expressions.meanProbabilities.keys).union(expressions.segments.map(\.expression)))
        // A sampled frame stands for the time until the next sample, so one-frame segments stay visible.
        let interval = report.input.sampledFps > 0 ? 1 / report.input.sampledFps : 0
        let top = 10.0, laneHeight = 26.0
        let bands = [axis.laneLabel("apparent expression", middle: top + laneHeight / 2)]
            + expressions.segments.map { segment in
            axis.band(y: top, height: laneHeight, from: segment.start, to: min(segment.end + interval, duration),
                      fill: expressionColour(segment.expression, among: names),
                      attributes: "class=\"expression-band\" data-expression=\"\(Self.escape(segment.expression))\"",
                      tooltip: "\(segment.expression) \(Self.span(segment.start, segment.end)), "
                          + "\(segment.frames) frame(s), mean probability "
                          + Self.number(segment.meanProbability),
                      label: segment.expression.lowercased())
        }
        let meaning = expressions.label.prefix(1).uppercased() + expressions.label.dropFirst()
        let ordered = names.sorted {
            (expressions.meanProbabilities[$0] ?? 0, $1) > (expressions.meanProbabilities[$1] ?? 0, $0)
        }
        let rows = ordered.map { name in
            [Self.swatch(expressionColour(name, among: names)) + " " + Self.escape(name),
             Self.number(expressions.meanProbabilities[name] ?? 0),
             Self.percent(expressions.dominantShares[name])]
        }
        return """
            <section>
            <h2>Apparent facial expression</h2>
            <p>\(Self.escape(meaning)): measured on \(expressions.frames) frames\
            \(expressions.dominant.map { ", mostly \(Self.escape($0))" } ?? ""). Never part of an alert or of the \
            review priority.</p>
            \(axis.chart(id: "expressions", title: "Dominant apparent facial expression over the recording", top: top,
                         bottom: top + laneHeight, shapes: bands))
            \(Self.table(headers: ["apparent facial expression", "mean probability", "dominant in"], numeric: [1, 2],
                         rows: rows))
            </section>
            """
    }

    private func coverageSection() -> String {
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
            qualityLines.append("Mean brightness \(Self.number(brightness))/255, "
                + "mean sharpness \(Self.number(sharpness)).")
        }
        let verdicts = quality.verdicts.sorted { $0.key < $1.key }.map { "\(Self.escape($0.key)) \($0.value)" }
        qualityLines.append("Frame quality: " + (verdicts.isEmpty ? "no frame" : verdicts.joined(separator: ", "))
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

    private func baselineLines() -> [String] { report.baseline.sentences }

    private func metricSection() -> String {
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

    private func identitySection() -> String {
        guard let identity = report.identity else { return "" }
        let source = identity.referenceSource == "reference_image"
            ? "the reference image given"
            : "the first confident face (frame \(identity.referenceFrameIndex ?? 0)"
                + (identity.referenceTimestamp.map { " at \(Self.number($0)) s" } ?? "") + ")"
        var facts = [("Reference", source), ("Frames compared", "\(identity.comparisons)")]
        if let threshold = identity.threshold { facts.append(("Threshold", Self.number(threshold))) }
        if let maximum = identity.maxDistance { facts.append(("Largest distance", Self.number(maximum))) }
        if let mean = identity.meanDistance { facts.append(("Mean distance", Self.number(mean))) }
        let thumbnail = identity.referenceEvidencePath.map {
            Self.evidenceImage(path: $0, alt: "Reference face", fallback: "reference face (no image)")
        } ?? ""
        return """
            <section>
            <h2>Identity</h2>
            \(Self.definitionList(facts))
            \(thumbnail)
            </section>
            """
    }

    private func eventSection() -> String {
        guard !report.events.isEmpty else { return "<section>\n<h2>Events</h2>\n<p>No events.</p>\n</section>" }
        let rows = report.events.map { event -> [String] in
            let frame = "frame \(event.evidence.frameIndex) at \(Self.number(event.evidence.timestamp)) s"
            let evidence = event.evidence.path.map {
                Self.evidenceImage(path: $0, alt: "Evidence for \(event.type.rawValue) event \(event.id): \(frame)",
                                   fallback: "\(frame) (no image)")
            } ?? "\(Self.escape(frame)) (no image)"
            return [Self.escape(event.id), Self.typeLabel(event.type), event.severity.rawValue,
                    "<span class=\"nowrap\">\(Self.span(event.start, event.end))</span>",
                    "\(event.frames.count)", Self.number(event.peakConfidence),
                    Self.escape(MarkdownReport.describe(event.details)), evidence]
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

    private func notesSection() -> String {
        guard !report.notes.isEmpty else { return "" }
        return """
            <section>
            <h2>Notes</h2>
            <ul>\(report.notes.map { "<li>\(Self.escape($0))</li>" }.joined())</ul>
            </section>
            """
    }

    private func modelsSection() -> String {
        let models = report.backend.models.isEmpty
            ? "<p>No model listed by the backend.</p>"
            : Self.table(headers: ["model", "file", "sha256", "checksum verified"], numeric: [],
                         rows: report.backend.models.map {
                             [Self.escape($0.id), "<code>\(Self.escape($0.file))</code>",
                              "<code>\(Self.escape($0.sha256))</code>", $0.verified ? "yes" : "no"]
                         })
        let config = (try? ReportRenderer.json(report.config)) ?? "(configuration could not be encoded)"
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

    // MARK: - SVG time axis

    /// Maps seconds to x in every chart (shared width and margins) and draws the time axis.
    private struct TimeAxis {
        static let width = 1000.0
        /// Room under a chart's plot for the tick labels.
        static let labelSpace = 28.0
        let duration: Double
        let left = 170.0
        var right: Double { Self.width - 20 }

        func x(_ seconds: Double) -> Double { left + (right - left) * min(max(seconds / duration, 0), 1) }

        /// A step giving at most about ten ticks.
        var step: Double {
            let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200]
            return steps.first { duration / $0 <= 10 } ?? (duration / 10).rounded(.up)
        }

        /// Vertical grid lines from `top` to `bottom`, the axis line at `bottom` and m:ss labels under it.
        func draw(top: Double, bottom: Double) -> String {
            var parts = ["<line class=\"axis\" x1=\"\(HTMLReport.coordinate(left))\" "
                + "x2=\"\(HTMLReport.coordinate(right))\" y1=\"\(HTMLReport.coordinate(bottom))\" "
                + "y2=\"\(HTMLReport.coordinate(bottom))\"/>"]
            var tick = 0.0
            while tick <= duration + 1e-9 {
                let position = HTMLReport.coordinate(x(tick))
                parts.append("<line class=\"grid\" x1=\"\(position)\" x2=\"\(position)\" "
                    + "y1=\"\(HTMLReport.coordinate(top))\" y2=\"\(HTMLReport.coordinate(bottom + 4))\"/>"
                    + "<text class=\"tick\" x=\"\(position)\" y=\"\(HTMLReport.coordinate(bottom + 18))\" "
                    + "text-anchor=\"middle\">\(HTMLReport.clock(tick, decimals: 0))</text>")
                tick += step
            }
            return parts.joined(separator: "\n")
        }

        /// The whole chart: an `<svg>` with a title, the axis under `bottom`, and `shapes`.
        func chart(id: String, title: String, top: Double, bottom: Double, shapes: [String]) -> String {
            let width = HTMLReport.coordinate(Self.width), height = HTMLReport.coordinate(bottom + Self.labelSpace)
            return """
                <svg id="\(id)" data-duration="\(HTMLReport.number(duration))" width="\(width)" height="\(height)" \
                viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="\(id)-title">
                <title id="\(id)-title">\(HTMLReport.escape(title))</title>
                \(draw(top: top, bottom: bottom))
                \(shapes.joined(separator: "\n"))
                </svg>
                """
        }

        /// A lane's name, right-aligned in the left margin.
        func laneLabel(_ text: String, middle: Double) -> String {
            "<text class=\"lane-label\" x=\"\(HTMLReport.coordinate(left - 8))\" "
                + "y=\"\(HTMLReport.coordinate(middle + 4))\" text-anchor=\"end\">\(HTMLReport.escape(text))</text>"
        }

        /// A filled rectangle from `start` to `end` seconds, at least 2 units wide, with a tooltip, and `label`
        /// written inside when it fits.
        func band(y: Double, height: Double, from start: Double, to end: Double, fill: String, attributes: String,
                  tooltip: String, label: String? = nil) -> String {
            let width = max(2, x(end) - x(start))
            let x0 = min(x(start), right - width)
            var shape = "<rect \(attributes) x=\"\(HTMLReport.coordinate(x0))\" "
                + "y=\"\(HTMLReport.coordinate(y))\" width=\"\(HTMLReport.coordinate(width))\" "
                + "height=\"\(HTMLReport.coordinate(height))\" fill=\"\(fill)\">"
                + "<title>\(HTMLReport.escape(tooltip))</title></rect>"
            if let label, Double(label.count) * 7 + 6 <= width {
                shape += "<text class=\"band-label\" x=\"\(HTMLReport.coordinate(x0 + width / 2))\" "
                    + "y=\"\(HTMLReport.coordinate(y + height / 2 + 4))\" text-anchor=\"middle\">"
                    + "\(HTMLReport.escape(label))</text>"
            }
            return shape
        }
    }

    /// The span the charts cover: the declared duration, else the last frame's time (at least one second).
    private var duration: Double {
        let declared = report.input.durationSeconds.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        let last = report.timeline.last?.timestamp ?? report.input.lastFrameSeconds ?? 0
        let latestEvent = report.events.map(\.end).max() ?? 0
        return max(declared ?? last, latestEvent, 1)
    }

    // MARK: - Markup helpers

    /// Text safe inside an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A table; `rows` hold markup (escape text before), `numeric` columns are right-aligned.
    private static func table(headers: [String], numeric: Set<Int>, rows: [[String]]) -> String {
        func cell(_ tag: String, _ column: Int, _ content: String) -> String {
            "<\(tag)\(numeric.contains(column) ? " class=\"num\"" : "")\(tag == "th" ? " scope=\"col\"" : "")>"
                + "\(content)</\(tag)>"
        }
        let head = headers.enumerated().map { cell("th", $0.offset, escape($0.element)) }.joined()
        let body = rows.map { row in
            "<tr>" + row.enumerated().map { cell("td", $0.offset, $0.element) }.joined() + "</tr>"
        }.joined(separator: "\n")
        return "<table>\n<thead><tr>\(head)</tr></thead>\n<tbody>\n\(body)\n</tbody>\n</table>"
    }

    /// A definition list; values hold markup.
    private static func definitionList(_ facts: [(String, String)]) -> String {
        "<dl class=\"facts\">" + facts.map { "<dt>\(escape($0.0))</dt><dd>\($0.1)</dd>" }.joined() + "</dl>"
    }

    /// A legend of colour swatches, each with its text (markup).
    private static func legend(_ entries: [(colour: String, text: String)]) -> String {
        guard !entries.isEmpty else { return "" }
        return "<ul class=\"legend\">" + entries.map { "<li>\(swatch($0.colour)) \($0.text)</li>" }.joined() + "</ul>"
    }

    private static func swatch(_ colour: String) -> String {
        "<span class=\"swatch\" style=\"background: \(colour)\" aria-hidden=\"true\"></span>"
    }

    /// An alert type as a swatch of its colour and its name.
    private static func typeLabel(_ type: AlertType) -> String {
        "<span class=\"nowrap\" title=\"\(escape(type.message))\">\(swatch(colour(of: type))) \(type.rawValue)</span>"
    }

    /// The JPEG at `path` embedded as a thumbnail, or `fallback` when it is missing or not a JPEG.
    private static func evidenceImage(path: String, alt: String, fallback: String) -> String {
        guard let data = FileManager.default.contents(atPath: path), data.count <= maxEmbeddedBytes,
              data.starts(with: [0xFF, 0xD8, 0xFF]) else {
            return escape(fallback)
        }
        return "<img class=\"evidence\" src=\"data:image/jpeg;base64,\(data.base64EncodedString())\" "
            + "alt=\"\(escape(alt))\" title=\"\(escape(path))\">"
    }

    /// Larger evidence files are not embedded (they would bloat the document).
    private static let maxEmbeddedBytes = 4_000_000

    // MARK: - Number formats

    /// m:ss with `decimals` decimals of seconds.
    static func clock(_ seconds: Double, decimals: Int) -> String {
        let value = max(0, seconds)
        let minutes = Int(value) / 60
        let rest = value - Double(minutes * 60)
        let width = decimals > 0 ? decimals + 3 : 2
        return String(format: "%d:%0\(width).\(decimals)f", minutes, rest)
    }

    /// "m:ss.s–m:ss.s".
    private static func span(_ start: Double, _ end: Double) -> String {
        clock(start, decimals: 1) + "–" + clock(end, decimals: 1)
    }

    static func number(_ value: Double) -> String { String(format: "%.2f", value) }

    /// An SVG coordinate: one decimal is finer than a pixel.
    static func coordinate(_ value: Double) -> String { String(format: "%.1f", value) }

    static func percent(_ share: Double?) -> String { String(format: "%.0f%%", (share ?? 0) * 100) }

    /// A snake_case name as words ("needs_review" -> "needs review").
    private static func label(_ name: String) -> String { escape(name.replacingOccurrences(of: "_", with: " ")) }

    // MARK: - Style

    private static let css = """

        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; background: #fff;
               margin: 0; line-height: 1.4; }
        main { max-width: 1040px; margin: 0 auto; padding: 16px 20px 40px; }
        h1 { font-size: 1.6em; margin: 0.4em 0; word-break: break-all; }
        h2 { font-size: 1.25em; margin: 1.4em 0 0.4em; border-bottom: 1px solid #ddd; padding-bottom: 2px; }
        h3 { font-size: 1.05em; margin: 1em 0 0.3em; }
        .priority { border: 3px solid; border-radius: 6px; padding: 8px 14px; margin: 8px 0 12px; }
        .priority p { margin: 4px 0; }
        .level { font-size: 1.3em; font-weight: 600; }
        .badge { color: #fff; padding: 2px 10px; border-radius: 4px; text-transform: uppercase;
                 letter-spacing: 0.03em; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; word-break: break-all; }
        table { border-collapse: collapse; margin: 6px 0 10px; font-size: 0.92em; }
        th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
        th { background: #f2f2f2; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        svg { max-width: 100%; height: auto; display: block; font-size: 12px; }
        svg .axis { stroke: #555; stroke-width: 1; }
        svg .grid { stroke: #e4e4e4; stroke-width: 1; }
        svg .tick, svg .lane-label, svg .band-label { fill: #333; }
        svg .band-label { font-size: 11px; pointer-events: none; }
        svg .threshold { stroke: #999; stroke-width: 1; stroke-dasharray: 2 3; }
        .legend svg { display: inline-block; vertical-align: middle; }
        .legend { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 4px 18px;
                  font-size: 0.92em; }
        .swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #0003; vertical-align: -1px; }
        img.evidence { max-width: 320px; max-height: 320px; width: auto; height: auto; display: block; }
        .nowrap { white-space: nowrap; }
        pre { background: #f6f6f6; padding: 8px; overflow-x: auto; font-size: 0.85em; }
        code { font-size: 0.92em; }
        details { margin: 6px 0; }
        summary { cursor: pointer; }

        """
}
