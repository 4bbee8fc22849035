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
            return "\(Format.score(score.precision)) / \(Format.score(score.recall))"
        }
        let away =
            intervals.first { $0.label == "looking_away" }.map {
                "\($0.result.labelledFound) of \($0.result.labelledIntervals)"
            } ?? "-"
        return "| \(name) | " + cells.joined(separator: " | ") + " | \(away) |"
    }
}
