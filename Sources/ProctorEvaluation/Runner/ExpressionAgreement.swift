/// Expression agreement: labelled faces (stills with an `emotion=` label, video frames inside an `emotion=` row)
/// whose dominant apparent expression is the labelled one. Faces labelled `emotion=other` (winks, smirks) are left
/// out and counted apart: no model here has such a class.
enum ExpressionAgreement {
    static let goal = 0.65
    static let outsideVocabulary = "emotion=other"

    /// Agreement over the emotion rows of `scores` (still or frame label results).
    static func agreement(_ scores: [(label: String, score: Score)]) -> Proportion {
        let inVocabulary = scores.filter { $0.label.hasPrefix("emotion=") && $0.label != outsideVocabulary }
        let total = Score.sum(inVocabulary.map(\.score))
        return Proportion(total.truePositives, of: total.labelledPositives)
    }

    static func stills(_ results: [StillLabelResult]) -> [(label: String, score: Score)] {
        results.map { ($0.label, $0.score) }
    }

    static func frames(_ results: [FrameLabelResult]) -> [(label: String, score: Score)] {
        results.map { ($0.label, $0.score) }
    }

    /// One target over the originals (stills and video frames together) and every variant on its own.
    static func check(
        stills: [StillLabelResult], frames: [FrameLabelResult], stillVariants: [StillVariantResults],
        videoVariants: [VariantResults]
    ) -> TargetCheck {
        var versions = [("originals", agreement(Self.stills(stills) + Self.frames(frames)))]
        versions += stillVariants.map { ("stills \($0.name)", agreement(Self.stills($0.scores))) }
        versions += videoVariants.map { ("video frames \($0.name)", agreement(Self.frames($0.frameTotals))) }
        let measured = versions.filter { $0.1.trials > 0 }
        return TargetCheck(
            name: "Expression agreement",
            requirement: "dominant expression = label on >= \(goal) of the labelled faces (emotion=other left out), "
                + "on the originals and every variant",
            met: !measured.isEmpty && measured.allSatisfy { ($0.1.rate ?? 0) >= goal },
            numbers: versions.map { "\($0.0) \($0.1.text)" }.joined(separator: "; "))
    }
}
