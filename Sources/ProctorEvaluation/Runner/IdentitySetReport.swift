/// The "Identity set" section of docs/ACCURACY.md: the labelled identity photos through the verify-id rule.
enum IdentitySetReport {
    static func section(_ set: IdentitySetResults?) -> String {
        guard let set else { return "" }
        var lines = [
            "## Identity set (verify-id)", "",
            "`identity/pairs.csv`: \(set.photos.count) photos, \(set.pairs.count) labelled pairs. Each photo goes "
                + "through the reference-face rule of `verify-id` and `--reference-face` (the only usable face, or "
                + "one at least 1.25 times as wide as any other); a pair is accepted as the same person at a distance "
                + "<= \(set.threshold). A refused photo makes its pairs errors. The threshold was chosen on the "
                + "calibration half (pairs of odd-numbered photos) and is reported on the held-out half (pairs of "
                + "even-numbered photos), which did not take part in choosing it.", "",
            "| pairs | count | same person accepted | different people accepted | pairs with a refused photo | "
                + "largest same-person distance | smallest different-person distance | threshold it suggests |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for summary in [set.calibration, set.heldOut, set.all] {
            lines.append(
                "| \(summary.name) | \(summary.pairs) | \(summary.sameAccepted.text) | "
                    + "\(summary.differentAccepted.text) | \(summary.refusedPairs) | "
                    + "\(Format.score(summary.largestSameDistance)) | "
                    + "\(Format.score(summary.smallestDifferentDistance)) | "
                    + "\(Format.score(summary.suggestedThreshold)) |")
        }
        lines += ["", "| photo | usable faces (width px) | taken |", "|---|---|---|"]
        for photo in set.photos {
            lines.append(
                "| \(photo.file) | \(photo.faceWidths.map(String.init).joined(separator: ", ")) | "
                    + "\(photo.refusal.map { "**refused**: \($0)" } ?? photo.taken ?? "-") |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
