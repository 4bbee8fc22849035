import ProctorEngine

/// The "Suspicious objects" section of docs/ACCURACY.md: how the per-class thresholds follow from the scores on
/// object-free media, how that choice generalises (leave one source out), and what the thresholds still catch.
enum ObjectThresholdsReport {
    /// Labelled objects and the detector class that finds each.
    static let labelledClasses = [("phone", PredictedLabels.phoneObject), ("book", PredictedLabels.bookObject)]

    static func section(_ samples: [ObjectSample], _ classes: [ObjectThresholdRule.ClassResult], config: ProctorConfig)
        -> String
    {
        guard !samples.isEmpty else { return "" }
        let free = samples.filter(\.isObjectFree)
        let sources = Set(free.map(\.source)).count
        var lines = [
            "## Suspicious objects", "",
            "The object detector's scores on every picture it examined: the stills and the video frames its schedule "
                + "ran on, originals and every robustness variant (\(free.count) object-free pictures from \(sources) "
                + "stills and videos without a `phone`, `book` or `paper_notes` label). **Rule**, fixed before the "
                + "scores were seen: a class's threshold is the smallest multiple of \(Format.score(ObjectThresholdRule.step)) "
                + "above the highest score that class reached on object-free media, and at least "
                + "\(Format.score(ObjectThresholdRule.minimum)). **Leave one out**: each object-free still or video is "
                + "left out in turn, the rule is applied to the rest, and the left-out source is a false alarm when "
                + "one of its pictures reaches that threshold: an estimate of how often unseen media of this kind "
                + "would raise a false alert.",
            "",
            "| class | configured | rule | highest object-free score | leave-one-out false alarms | sources |",
            "|---|---|---|---|---|---|",
        ]
        for result in classes {
            lines.append(
                "| \(result.label) | \(Format.score(result.configured)) | \(Format.score(result.ruleThreshold)) | "
                    + "\(Format.score(result.highestObjectFree)) \(result.highestObjectFreeAt.map { "(\($0))" } ?? "") | "
                    + "\(result.leaveOneOutFalseAlarms.text) | "
                    + "\(result.leaveOneOutSources.map(Format.name).joined(separator: ", ")) |")
        }
        let anyClass = ObjectThresholdRule(samples: samples, config: config).anyClassLeaveOneOut
        lines.append(
            "| any class | | | | \(anyClass.alarms.text) | \(anyClass.sources.map(Format.name).joined(separator: ", ")) |"
        )
        lines += [
            "",
            "Labelled objects caught at the configured thresholds (a picture counts when the class reaches its "
                + "threshold anywhere in it; video frames only where the detector ran):",
            "",
            "| version | " + labelledClasses.map { "\($0.0) caught" }.joined(separator: " | ") + " |",
            "|---|" + String(repeating: "---|", count: labelledClasses.count),
        ]
        for variant in orderedVariants(samples) {
            let cells = labelledClasses.map { label, detectorClass -> String in
                let positives = samples.filter { $0.variant == variant && $0.labels.contains(label) }
                let threshold = config.suspiciousObject.localLabels[detectorClass] ?? 1
                let caught = positives.filter { ($0.scores[detectorClass] ?? 0) >= threshold }
                return Proportion(caught.count, of: positives.count).text
            }
            lines.append("| \(variant) | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "original" first, then the variants in the order they ran.
    private static func orderedVariants(_ samples: [ObjectSample]) -> [String] {
        var order: [String] = []
        for sample in samples where !order.contains(sample.variant) { order.append(sample.variant) }
        return order
    }
}
