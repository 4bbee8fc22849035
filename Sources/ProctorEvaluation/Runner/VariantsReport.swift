/// The "Robustness variants" section of docs/ACCURACY.md: the labelled videos changed the way unseen footage differs,
/// scored like the originals.
enum VariantsReport {
    static let labels = ["one_face", "multiple_faces", "no_face", "looking_away", "phone"]

    static func section(
        originals: [FrameLabelResult], originalIntervals: [IntervalSummary], _ variants: [VariantResults]
    )
        -> String
    {
        guard !variants.isEmpty else { return "" }
        var lines = [
            "## Robustness variants (videos)", "",
            "Every labelled video made again with FFmpeg and scored with the same labels: "
                + variants.map { "\($0.name) (\($0.description))" }.joined(separator: ", ")
                + ". Frame-level precision / recall per label (summed over the videos), and labelled intervals found.",
            "",
            "| videos | " + labels.joined(separator: " | ") + " | looking_away intervals found |",
            "|---|" + String(repeating: "---|", count: labels.count + 1),
        ]
        lines.append(row("originals", originals, originalIntervals))
        for variant in variants { lines.append(row(variant.name, variant.frameTotals, variant.intervals)) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ name: String, _ totals: [FrameLabelResult], _ intervals: [IntervalSummary]) -> String {
        let cells = labels.map { label -> String in
            guard let score = totals.first(where: { $0.label == label })?.score else { return "-" }
            return "\(Format.precisionCell(score)) / \(Format.recallCell(score))"
        }
        let away =
            intervals.first { $0.label == "looking_away" }.map {
                "\($0.result.labelledFound) of \($0.result.labelledIntervals)"
            } ?? "-"
        return "| \(name) | " + cells.joined(separator: " | ") + " | \(away) |"
    }
}

/// The "Robustness variants (stills)" section: the labelled stills mirrored and passed through H.264.
enum StillVariantsReport {
    static let labels = ["one_face", "multiple_faces", "no_face", "phone", "text"]

    static func section(originals: [StillLabelResult], _ variants: [StillVariantResults]) -> String {
        guard !variants.isEmpty else { return "" }
        var lines = [
            "## Robustness variants (stills)", "",
            "Every labelled still made again with FFmpeg and scored with the same labels: "
                + variants.map { "\($0.name) (\($0.description))" }.joined(separator: ", ")
                + ". Precision / recall per label; expression agreement = stills whose dominant expression matches "
                + "their `emotion=` label, over the stills that carry one.",
            "",
            "| stills | " + labels.joined(separator: " | ") + " | expression agreement |",
            "|---|" + String(repeating: "---|", count: labels.count + 1),
            row("originals", originals),
        ]
        for variant in variants { lines.append(row(variant.name, variant.scores)) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ name: String, _ scores: [StillLabelResult]) -> String {
        let cells = labels.map { label -> String in
            guard let score = scores.first(where: { $0.label == label })?.score else { return "-" }
            return "\(Format.precisionCell(score)) / \(Format.recallCell(score))"
        }
        let emotions = Score.sum(scores.filter { $0.label.hasPrefix("emotion=") }.map(\.score))
        let agreement = Proportion(emotions.truePositives, of: emotions.labelledPositives)
        return "| \(name) | " + cells.joined(separator: " | ") + " | \(agreement.text) |"
    }
}
