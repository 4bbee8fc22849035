import LocalVision
import ProctorEngine

/// The accuracy targets, checked against the measured numbers, and the failures behind each target not met.
struct Targets {
    let stills: [StillOutcome]
    let stillScores: [StillLabelResult]
    let identity: IdentityResults
    let identitySet: IdentitySetResults?
    let videos: [VideoOutcome]
    let frameTotals: [FrameLabelResult]
    let intervals: [IntervalSummary]
    let variants: [VariantResults]
    let stillVariants: [StillVariantResults]
    let splices: [SpliceOutcome]
    /// The videos of one person each (no swap in them).
    let singlePersonVideos: [String]
    /// Every picture the object detector examined, originals and variants.
    let objectSamples: [ObjectSample]
    let objectThresholds: [ObjectThresholdRule.ClassResult]
    let config: ProctorConfig
    /// Frames sampled per second of video.
    let fps: Double

    /// The lowest object score the still analysis reports.
    var stillObjectFloor: Double {
        (Double(StillEvaluation.options(config: config).objectMinScore) * 1e4).rounded() / 1e4
    }

    static let faceCountGoal = 0.97

    /// Stills with no suspicious object and, mostly, no text: people only (b*, c*, h*, i*).
    var faceOnlyStills: [StillOutcome] {
        stills.filter { still in Format.name(still.file).first.map { "bchi".contains($0) } ?? false }
    }
    /// The g* and f0* stills labelled text.
    var textStills: [StillOutcome] {
        stills.filter { still in
            let name = Format.name(still.file)
            return (name.hasPrefix("g") || name.hasPrefix("f0")) && still.labels.contains("text")
        }
    }
    var phoneVideos: [VideoOutcome] { videos.filter { $0.labels.contains("phone") } }

    var stillFaceCount: Score {
        Score.sum(stillScores.filter { PredictedLabels.faceCountLabels.contains($0.label) }.map(\.score))
    }
    var frameFaceCount: Score {
        Score.sum(frameTotals.filter { PredictedLabels.faceCountLabels.contains($0.label) }.map(\.score))
    }

    var checks: [TargetCheck] {
        faceCountChecks + variantChecks + objectChecks + textChecks + [
            lookingAwayCheck, expressionCheck, spliceCheck, identityCheck,
        ]
            + identitySetChecks
    }

    /// Face count precision and recall, on stills and on video frames.
    private var faceCountChecks: [TargetCheck] {
        var checks: [TargetCheck] = []
        func faceCount(_ name: String, _ score: Score) -> TargetCheck {
            TargetCheck(
                name: name, requirement: "precision and recall >= \(Self.faceCountGoal)",
                met: (score.precision ?? 0) >= Self.faceCountGoal && (score.recall ?? 0) >= Self.faceCountGoal,
                numbers: "precision \(Format.precision(score)), recall \(Format.recall(score)) "
                    + "(tp/fp/fn summed over one_face, multiple_faces, no_face)")
        }
        var stillCheck = faceCount("Face count on stills", stillFaceCount)
        let unscored = stills.filter { !$0.hasFaceCountLabel }
        if !unscored.isEmpty {
            let withFaces = unscored.filter { $0.usableFaces > 0 }
            var stricter = stillFaceCount
            stricter.falsePositives += withFaces.count
            stillCheck.numbers +=
                "; not scored (no face-count label): "
                + unscored.map { "\(Format.name($0.file)) (\($0.usableFaces) usable face(s))" }.joined(separator: ", ")
                + (withFaces.isEmpty
                    ? ""
                    : "; counting those faces as false positives would give precision "
                        + Format.precision(stricter))
        }
        checks.append(stillCheck)
        checks.append(faceCount("Face count on video frames", frameFaceCount))
        return checks
    }

    /// Every swap flagged within the deadline and none before it; no swap reported on the unspliced videos.
    private var spliceCheck: TargetCheck {
        let caught = splices.filter(\.caught)
        let falseOnOriginals = videos.filter { video in
            singlePersonVideos.contains(video.file) && video.events.contains { $0.type == "face_mismatch" }
        }.map { "\(Format.name($0.file)) (original)" }
        let falseOnVariants = variants.flatMap { variant in
            variant.faceMismatchVideos.filter(singlePersonVideos.contains).map {
                "\(Format.name($0)) (\(variant.name))"
            }
        }
        let falseAlarms = falseOnOriginals + falseOnVariants
        let missed = splices.filter { !$0.caught }.map {
            "\(Format.name($0.first)) -> \(Format.name($0.second)) at \(Format.seconds($0.splice)) s (\($0.variant))"
        }
        return TargetCheck(
            name: "Identity swaps",
            requirement: "every spliced swap flagged within \(Format.seconds(IdentitySpliceEvaluation.deadline)) s and "
                + "never before it; no face_mismatch on the unspliced single-person videos (originals and variants)",
            met: !splices.isEmpty && caught.count == splices.count && falseAlarms.isEmpty,
            numbers: "swaps caught \(Format.counted(Proportion(caught.count, of: splices.count)))"
                + (missed.isEmpty ? "" : " (missed: \(Format.list(missed)))")
                + "; false swaps on \(falseAlarms.count) unspliced video(s)"
                + (falseAlarms.isEmpty ? "" : ": \(falseAlarms.joined(separator: ", "))"))
    }

    static let lookingAwayGoal = 0.9

    /// Labelled looking-away intervals found, and looking-away events matching one, on the originals and every
    /// variant.
    private var lookingAwayCheck: TargetCheck {
        let versions =
            [("originals", intervals)] + variants.map { ($0.name, $0.intervals) }
        let results = versions.map { name, summaries in
            (name, summaries.first { $0.label == "looking_away" }?.result ?? IntervalLabelResult(label: "looking_away"))
        }
        return TargetCheck(
            name: "Looking away intervals",
            requirement: "interval recall >= \(Self.lookingAwayGoal) at precision >= \(Self.lookingAwayGoal), on the "
                + "originals and every variant",
            met: results.allSatisfy { _, r in
                (r.recall ?? 0) >= Self.lookingAwayGoal && (r.precision ?? 0) >= Self.lookingAwayGoal
            },
            numbers: results.map { name, r in
                "\(name) recall \(Format.counted(Proportion(r.labelledFound, of: r.labelledIntervals))), precision "
                    + Format.counted(Proportion(r.predictedMatching, of: r.predictedIntervals))
            }.joined(separator: "; "))
    }

    private var expressionCheck: TargetCheck {
        ExpressionAgreement.check(
            stills: stillScores, frames: frameTotals, stillVariants: stillVariants, videoVariants: variants)
    }

    /// No suspicious object on object-free media, at thresholds that follow the stated rule.
    private var objectChecks: [TargetCheck] {
        let free = objectSamples.filter(\.isObjectFree)
        let alerted = free.filter(\.alerted)
        let variants = Set(objectSamples.map(\.variant)).count
        let ruleBreaks = objectThresholds.filter { ($0.configured ?? 0) < $0.ruleThreshold }
        return [
            TargetCheck(
                name: "No suspicious object on object-free media",
                requirement: "no suspicious_object alert on any picture without a phone, book or paper_notes label "
                    + "(stills and examined video frames, originals and every variant)",
                met: alerted.isEmpty,
                numbers: "\(alerted.count) of \(free.count) object-free pictures (\(variants) versions of the media) "
                    + "carried the alert"
                    + (alerted.isEmpty
                        ? "" : ": " + alerted.prefix(12).map(ObjectThresholdRule.place).joined(separator: ", "))),
            TargetCheck(
                name: "Object thresholds follow the rule",
                requirement:
                    "every configured suspicious-object threshold at or above the rule's (see Suspicious objects)",
                met: ruleBreaks.isEmpty,
                numbers: objectThresholds.map {
                    "\($0.label) \(Format.score($0.configured)) (rule \(Format.score($0.ruleThreshold)))"
                }.joined(separator: ", ")),
        ]
    }

    /// Text found on the text stills, and (mostly) not on face-only stills.
    private var textChecks: [TargetCheck] {
        var checks: [TargetCheck] = []
        let textFound = textStills.filter { $0.predicted.contains("text") }
        checks.append(
            TargetCheck(
                name: "Text on the text stills", requirement: "text_detected on every g* and f0* still labelled text",
                met: !textStills.isEmpty && textFound.count == textStills.count,
                numbers: "\(textFound.count) of \(textStills.count)"))

        let unlabelled = faceOnlyStills.filter { !$0.labels.contains("text") }
        let textFPs = unlabelled.filter { $0.predicted.contains("text") }
        checks.append(
            TargetCheck(
                name: "No text on most face-only stills",
                requirement: "text_detected on fewer than half of the b*, c*, h*, i* stills not labelled text",
                met: textFPs.count * 2 < unlabelled.count,
                numbers: "text_detected on \(textFPs.count) of \(unlabelled.count)"))
        return checks
    }

    /// Every identity pair right.
    private var identityCheck: TargetCheck {
        let right = identity.pairs.filter(\.correct).count
        return TargetCheck(
            name: "Identity pairs", requirement: "every pair right at threshold \(identity.threshold)",
            met: !identity.pairs.isEmpty && right == identity.pairs.count,
            numbers: "\(right) of \(identity.pairs.count) pairs right (same person said same "
                + "\(identity.sameSaidSame), different said same \(identity.differentSaidSame), same said different "
                + "\(identity.sameSaidDifferent), not compared \(identity.notCompared))")
    }

    static let sameAcceptedGoal = 0.97

    /// verify-id on the identity set: same-person pairs accepted (refusals count as errors), no different-person
    /// pair accepted, on all pairs and on the held-out half alone.
    private var identitySetChecks: [TargetCheck] {
        guard let identitySet else { return [] }
        return [identitySet.all, identitySet.heldOut].map { summary in
            TargetCheck(
                name: "verify-id on the identity set, \(summary.name)",
                requirement: "same-person pairs accepted >= \(Self.sameAcceptedGoal) and no different-person pair "
                    + "accepted, at threshold \(identitySet.threshold); refused photos count as errors",
                met: (summary.sameAccepted.rate ?? 0) >= Self.sameAcceptedGoal
                    && summary.differentAccepted.successes == 0 && summary.differentAccepted.trials > 0,
                numbers: "same accepted \(summary.sameAccepted.text); different accepted "
                    + "\(summary.differentAccepted.text); \(summary.refusedPairs) pair(s) with a refused photo")
        }
    }

    /// Face count on the video frames of every robustness variant, held to the originals' goal.
    private var variantChecks: [TargetCheck] {
        variants.map { variant in
            let score = Score.sum(
                variant.frameTotals.filter { PredictedLabels.faceCountLabels.contains($0.label) }.map(\.score))
            return TargetCheck(
                name: "Face count on video frames, \(variant.name)",
                requirement: "precision and recall >= \(Self.faceCountGoal) on the videos \(variant.description)",
                met: (score.precision ?? 0) >= Self.faceCountGoal && (score.recall ?? 0) >= Self.faceCountGoal,
                numbers: "precision \(Format.precision(score)), recall \(Format.recall(score))")
        }
    }
}
