import Foundation
import ProctorEngine

/// The Markdown view of a report: summary first, then events with times and evidence links, then metrics.
struct MarkdownReport {
    let report: Report

    var text: String {
        var lines: [String] = []
        lines += header()
        lines += eventSection()
        lines += metricSection()
        lines += expressionSection()
        lines += identitySection()
        lines += coverageSection()
        if !report.notes.isEmpty {
            lines += ["", "## Notes", ""] + report.notes.map { "- \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func header() -> [String] {
        let input = report.input
        var lines = [
            "# Proctoring report: \((input.file as NSString).lastPathComponent)", "",
            "**Assessment: \(report.summary.assessment.replacingOccurrences(of: "_", with: " "))**", "",
            "**Review priority: \(report.review.level.rawValue.replacingOccurrences(of: "_", with: " "))** (score "
                + "\(Self.number(report.review.score)); needs review from \(Self.number(report.review.needsReviewScore)), "
                + "high from \(Self.number(report.review.highScore)))"
                + (report.review.contributions.isEmpty
                    ? ""
                    : ": "
                        + report.review.contributions.map {
                            "\($0.eventId) \(Self.number($0.contribution))"
                        }.joined(separator: ", ")),
            "",
            "- Recording: `\(input.file)`, \(input.width)x\(input.height)"
                + (input.durationSeconds.map { ", \(Self.time($0)) long" } ?? ""),
            "- Analysed: \(input.framesAnalysed) frames at \(Self.number(input.sampledFps)) fps, backend `\(report.backend.name)`",
        ]
        if input.partial {
            lines.append("- **Partial analysis:** \(input.partialReason ?? "the input ended early")")
        }
        let counts = AlertType.allCases.compactMap { type -> String? in
            let count = report.summary.alertCounts[type.rawValue] ?? 0
            return count > 0 ? "\(type.rawValue) x\(count)" : nil
        }
        lines.append("- Events: " + (counts.isEmpty ? "none" : counts.joined(separator: ", ")))
        let shares = report.coverage.shares
        lines.append(
            "- One usable face in \(Self.percent(shares["one_face"])) of frames; none in "
                + "\(Self.percent(shares["no_face"])); several in \(Self.percent(shares["multiple_faces"])); "
                + "too poor to judge in \(Self.percent(shares["poor_quality"]))"
                + ((report.coverage.counts["unanalysed"] ?? 0) > 0
                    ? "; not analysed by the backend in \(Self.percent(shares["unanalysed"]))" : ""))
        if let usage = report.backend.usage {
            let calls = usage.calls.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }
            lines.append(
                "- Backend calls: " + (calls.isEmpty ? "none" : calls.joined(separator: ", "))
                    + ", estimated cost $" + String(format: "%.4f", usage.estimatedCostUsd) + " (\(usage.priceSource))")
            let failed = usage.failedCalls.filter { $0.value > 0 }.sorted { $0.key < $1.key }
            if !failed.isEmpty || usage.retries > 0 {
                lines.append(
                    "- Failed calls: "
                        + (failed.isEmpty
                            ? "none"
                            : failed.map { "\($0.key) x\($0.value)" }
                                .joined(separator: ", ")) + "; retries: \(usage.retries)")
            }
        }
        return lines
    }

    private func eventSection() -> [String] {
        var lines = ["", "## Events", ""]
        guard !report.events.isEmpty else { return lines + ["No events."] }
        lines += [
            "| # | type | severity | start | end | frames | peak confidence | details | evidence |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for (number, event) in report.events.enumerated() {
            let evidence =
                event.evidence.path.map { "[frame \(event.evidence.frameIndex)](\($0))" }
                ?? "frame \(event.evidence.frameIndex) at \(Self.time(event.evidence.timestamp))"
            lines.append(
                "| \(number + 1) | \(event.type.rawValue) | \(event.severity.rawValue) | "
                    + "\(Self.time(event.start)) | \(Self.time(event.end)) | \(event.frames.count) | "
                    + "\(Self.number(event.peakConfidence)) | \(Self.describe(event.details)) | \(evidence) |")
        }
        return lines
    }

    static func describe(_ details: EventDetails?) -> String {
        guard let details else { return "" }
        var parts: [String] = []
        if let label = details.objectLabel { parts.append(label) }
        if let faces = details.faceCount { parts.append("\(faces) face(s)") }
        if let people = details.personCount { parts.append("\(people) person(s)") }
        if let regions = details.textRegions { parts.append("\(regions) text region(s)") }
        if let text = details.text { parts.append("\"" + text.joined(separator: " / ") + "\"") }
        if let distance = details.identityDistance, let threshold = details.identityThreshold {
            parts.append("distance \(number(distance)) > \(number(threshold))")
        }
        return parts.joined(separator: ", ")
    }

    private func expressionSection() -> [String] {
        guard let expressions = report.expressions else { return [] }
        var lines = [
            "", "## Apparent facial expression", "",
            "What the face showed, measured on \(expressions.frames) frames; not a person's inner state, "
                + "and never part of an integrity alert.", "",
        ]
        let shares = expressions.dominantShares.sorted { $0.value > $1.value }
            .map { "\($0.key) \(Self.percent($0.value))" }
        lines.append("- Dominant: " + shares.joined(separator: ", "))
        lines.append(
            "- Timeline: "
                + expressions.segments.map {
                    "\(Self.time($0.start))-\(Self.time($0.end)) \($0.expression)"
                }.joined(separator: "; "))
        return lines
    }

    private func identitySection() -> [String] {
        guard let identity = report.identity else { return [] }
        let source = identity.referenceDescription
        var line = "- Reference: \(source); \(identity.comparisons) frames compared"
        if let maximum = identity.maxDistance, let threshold = identity.threshold {
            line += ", largest distance \(Self.number(maximum)) (threshold \(Self.number(threshold)))"
        }
        var lines = ["", "## Identity", "", line]
        if let path = identity.referenceEvidencePath { lines.append("- Reference face: [frame](\(path))") }
        if let unverified = identity.unverified, !unverified.isEmpty {
            lines.append(
                "- No identity verdict (one face in view, too small or too turned to judge): "
                    + unverified.map { "\(Self.time($0.start))-\(Self.time($0.end))" }.joined(separator: ", "))
        }
        return lines
    }

    private func metricSection() -> [String] {
        var lines = ["", "## Metrics (0-100, over frames where measurable)", ""]
        let names = ["eye_contact", "engagement", "confidence", "posture", "facial_expression"]
        lines += ["| metric | frames | mean | p10 | median | p90 |", "|---|---|---|---|---|---|"]
        for name in names {
            guard let summary = report.metrics[name] else {
                lines.append("| \(name) | 0 | not measured | | | |")
                continue
            }
            lines.append(
                "| \(name) | \(summary.frames) | \(Self.number(summary.mean)) | \(Self.number(summary.p10)) | "
                    + "\(Self.number(summary.median)) | \(Self.number(summary.p90)) |")
        }
        return lines
    }

    private func coverageSection() -> [String] {
        let baseline = report.baseline
        var lines = ["", "## Baseline and quality", ""] + baseline.sentences.map { "- \($0)" }
        if let brightness = report.quality.meanBrightness, let sharpness = report.quality.meanSharpness {
            lines.append("- Mean brightness \(Self.number(brightness))/255, mean sharpness \(Self.number(sharpness))")
        }
        let verdicts = report.quality.verdicts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        lines.append("- Frame quality: " + verdicts.joined(separator: ", "))
        return lines
    }

    static func time(_ seconds: Double) -> String {
        let minutes = Int(seconds) / 60
        return String(format: "%d:%05.2f", minutes, seconds - Double(minutes * 60))
    }

    static func number(_ value: Double) -> String { String(format: "%.2f", value) }

    static func percent(_ share: Double?) -> String { String(format: "%.0f%%", (share ?? 0) * 100) }
}
