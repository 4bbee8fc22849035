/// One label scored over still images: the counts and which files made the errors.
public struct StillLabelResult: Codable, Sendable, Equatable {
    public var label: String
    /// Stills the label was scored on.
    public var scoredFiles: Int
    public var score: Score
    public var falsePositiveFiles: [String]
    public var falseNegativeFiles: [String]
}

/// Per-label precision and recall over still images: a still is a positive for a label when a person gave it that
/// label, and predicted positive when the tool's labels for it include it.
public enum StillScoring {
    /// Scores each of `labels` over the stills in `predicted` (file -> labels the tool gave it; a still missing from
    /// it was not analysed and is not scored). `labelled` holds the ground truth (file -> its labels; a missing file
    /// has none). `scope`, when it names a label, limits that label to those files (for example an expression
    /// scored only on stills whose expression was labelled).
    public static func score(
        labels: [String], predicted: [String: Set<String>], labelled: [String: Set<String>],
        scope: [String: Set<String>] = [:]
    ) -> [StillLabelResult] {
        let files = predicted.keys.sorted()
        return labels.map { label in
            var result = StillLabelResult(
                label: label, scoredFiles: 0, score: Score(), falsePositiveFiles: [],
                falseNegativeFiles: [])
            for file in files where scope[label]?.contains(file) ?? true {
                let isPredicted = predicted[file]?.contains(label) ?? false
                let isLabelled = labelled[file]?.contains(label) ?? false
                result.scoredFiles += 1
                result.score.count(predicted: isPredicted, labelled: isLabelled)
                if isPredicted && !isLabelled { result.falsePositiveFiles.append(file) }
                if !isPredicted && isLabelled { result.falseNegativeFiles.append(file) }
            }
            return result
        }
    }

    /// The files carrying at least one label that starts with `prefix` (e.g. every still with an `emotion=` label).
    public static func files(carryingLabelWithPrefix prefix: String, in labelled: [String: Set<String>]) -> Set<String>
    {
        Set(labelled.filter { $0.value.contains { $0.hasPrefix(prefix) } }.keys)
    }
}
