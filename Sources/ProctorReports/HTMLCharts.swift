import Foundation
import ProctorEngine

/// The report's charts: the event timeline, the metric curves and the apparent-expression bands, all inline SVG on
/// one shared time axis.
extension HTMLReport {
    func timelineSection() -> String {
        let axis = TimeAxis(duration: duration)
        let types = AlertType.allCases.filter { type in report.events.contains { $0.type == type } }
        let laneHeight = 28.0
        let top = 10.0
        let lanesHeight = max(1, Double(types.count)) * laneHeight
        var shapes: [String] = []
        for (lane, type) in types.enumerated() {
            let y = top + Double(lane) * laneHeight
            shapes.append(axis.laneLabel(type.rawValue, middle: y + laneHeight / 2))
            for event in report.events where event.type == type {
                let tip =
                    "\(type.message) (\(type.rawValue), \(event.id)): \(Self.span(event.start, event.end)), "
                    + "\(event.severity.rawValue), "
                    + "\(event.frames.count) frame(s), peak confidence \(Self.number(event.peakConfidence))"
                shapes.append(
                    axis.band(
                        y: y + 5, height: laneHeight - 10, from: event.start, to: event.end,
                        fill: Self.colour(of: type),
                        attributes: "class=\"event-band\" data-type=\"\(type.rawValue)\" "
                            + "data-event-id=\"\(Self.escape(event.id))\"",
                        tooltip: tip))
            }
        }
        if types.isEmpty {
            shapes.append(
                "<text x=\"\(Self.coordinate(axis.left + 8))\" y=\"\(Self.coordinate(top + 18))\">"
                    + "No events</text>")
        }
        let legend = types.map { type -> (colour: String, text: String) in
            let count = report.summary.alertCounts[type.rawValue] ?? 0
            let seconds = report.summary.alertSeconds[type.rawValue] ?? 0
            return (
                Self.colour(of: type),
                "\(type.rawValue): \(Self.escape(type.message)), \(count) event(s), \(Self.number(seconds)) s"
            )
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

    func curveSection() -> String {
        let axis = TimeAxis(duration: duration)
        let top = 10.0
        let plotHeight = 160.0
        func y(_ value: Double) -> Double { top + plotHeight * (100 - min(max(value, 0), 100)) / 100 }
        var shapes = [0.0, 25, 50, 75, 100].map { value in
            "<line class=\"grid\" x1=\"\(Self.coordinate(axis.left))\" x2=\"\(Self.coordinate(axis.right))\" "
                + "y1=\"\(Self.coordinate(y(value)))\" y2=\"\(Self.coordinate(y(value)))\"/>"
                + "<text class=\"tick\" x=\"\(Self.coordinate(axis.left - 6))\" y=\"\(Self.coordinate(y(value) + 4))\" "
                + "text-anchor=\"end\">\(Int(value))</text>"
        }
        let threshold = report.config.lowEngagement.below
        shapes.append(
            "<line class=\"threshold\" x1=\"\(Self.coordinate(axis.left))\" "
                + "x2=\"\(Self.coordinate(axis.right))\" y1=\"\(Self.coordinate(y(threshold)))\" "
                + "y2=\"\(Self.coordinate(y(threshold)))\"><title>low engagement below \(Self.number(threshold))</title>"
                + "</line>")
        for curve in Self.curves {
            for run in runs(of: curve.metric) {
                let points = run.map { "\(Self.coordinate(axis.x($0.time))),\(Self.coordinate(y($0.value)))" }
                if run.count == 1 {
                    shapes.append(
                        "<circle class=\"curve-point\" data-metric=\"\(curve.metric)\" "
                            + "cx=\"\(Self.coordinate(axis.x(run[0].time)))\" cy=\"\(Self.coordinate(y(run[0].value)))\" "
                            + "r=\"2.5\" fill=\"\(curve.colour)\"/>")
                }
                shapes.append(
                    "<polyline class=\"curve\" data-metric=\"\(curve.metric)\" fill=\"none\" "
                        + "\(curve.stroke) points=\"\(points.joined(separator: " "))\"/>")
            }
        }
        let legend =
            Self.curves.map { curve in
                "<li><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" x2=\"28\" y1=\"5\" y2=\"5\" "
                    + "\(curve.stroke)/></svg> \(curve.label) (\(curve.metric))</li>"
            } + [
                "<li><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><line class=\"threshold\" x1=\"0\" x2=\"28\" "
                    + "y1=\"5\" y2=\"5\"/></svg> low engagement threshold (\(Self.number(threshold)))</li>"
            ]
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
    func runs(of metric: String) -> [[(time: Double, value: Double)]] {
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

    func expressionSection() -> String {
        guard let expressions = report.expressions else { return "" }
        let axis = TimeAxis(duration: duration)
        let names = Array(Set(expressions.meanProbabilities.keys).union(expressions.segments.map(\.expression)))
        // A sampled frame stands for the time until the next sample, so one-frame segments stay visible.
        let interval = report.input.sampledFps > 0 ? 1 / report.input.sampledFps : 0
        let top = 10.0
        let laneHeight = 26.0
        let bands =
            [axis.laneLabel("apparent expression", middle: top + laneHeight / 2)]
            + expressions.segments.map { segment in
                axis.band(
                    y: top, height: laneHeight, from: segment.start, to: min(segment.end + interval, duration),
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
            [
                Self.swatch(expressionColour(name, among: names)) + " " + Self.escape(name),
                Self.number(expressions.meanProbabilities[name] ?? 0),
                Self.percent(expressions.dominantShares[name]),
            ]
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
    // MARK: - SVG time axis

    /// Maps seconds to x in every chart (shared width and margins) and draws the time axis.
    struct TimeAxis {
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
            var parts = [
                "<line class=\"axis\" x1=\"\(HTMLReport.coordinate(left))\" "
                    + "x2=\"\(HTMLReport.coordinate(right))\" y1=\"\(HTMLReport.coordinate(bottom))\" "
                    + "y2=\"\(HTMLReport.coordinate(bottom))\"/>"
            ]
            var tick = 0.0
            while tick <= duration + 1e-9 {
                let position = HTMLReport.coordinate(x(tick))
                parts.append(
                    "<line class=\"grid\" x1=\"\(position)\" x2=\"\(position)\" "
                        + "y1=\"\(HTMLReport.coordinate(top))\" y2=\"\(HTMLReport.coordinate(bottom + 4))\"/>"
                        + "<text class=\"tick\" x=\"\(position)\" y=\"\(HTMLReport.coordinate(bottom + 18))\" "
                        + "text-anchor=\"middle\">\(HTMLReport.clock(tick, decimals: 0))</text>")
                tick += step
            }
            return parts.joined(separator: "\n")
        }

        /// The whole chart: an `<svg>` with a title, the axis under `bottom`, and `shapes`.
        func chart(id: String, title: String, top: Double, bottom: Double, shapes: [String]) -> String {
            let width = HTMLReport.coordinate(Self.width)
            let height = HTMLReport.coordinate(bottom + Self.labelSpace)
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
        func band(
            y: Double, height: Double, from start: Double, to end: Double, fill: String, attributes: String,
            tooltip: String, label: String? = nil
        ) -> String {
            let width = max(2, x(end) - x(start))
            let x0 = min(x(start), right - width)
            var shape =
                "<rect \(attributes) x=\"\(HTMLReport.coordinate(x0))\" "
                + "y=\"\(HTMLReport.coordinate(y))\" width=\"\(HTMLReport.coordinate(width))\" "
                + "height=\"\(HTMLReport.coordinate(height))\" fill=\"\(fill)\">"
                + "<title>\(HTMLReport.escape(tooltip))</title></rect>"
            if let label, Double(label.count) * 7 + 6 <= width {
                shape +=
                    "<text class=\"band-label\" x=\"\(HTMLReport.coordinate(x0 + width / 2))\" "
                    + "y=\"\(HTMLReport.coordinate(y + height / 2 + 4))\" text-anchor=\"middle\">"
                    + "\(HTMLReport.escape(label))</text>"
            }
            return shape
        }
    }

    /// The span the charts cover: the declared duration, else the last frame's time (at least one second).
    var duration: Double {
        let declared = report.input.durationSeconds.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        let last = report.timeline.last?.timestamp ?? report.input.lastFrameSeconds ?? 0
        let latestEvent = report.events.map(\.end).max() ?? 0
        return max(declared ?? last, latestEvent, 1)
    }

}
