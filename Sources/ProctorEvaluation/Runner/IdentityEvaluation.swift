import LocalVision
import ProctorEngine

/// Every pair of single-face stills that carry an identity label: same label = same person. Descriptors are the ones
/// the still analysis computed for the single usable face (identity on, on every image, as `IdentityProbe` does).
enum IdentityEvaluation {
    static let prefix = "identity="

    /// Stills labelled `one_face` with an identity label.
    static func stills(_ outcomes: [StillOutcome]) -> [StillOutcome] {
        outcomes.filter { still in
            still.labels.contains("one_face") && still.labels.contains { $0.hasPrefix(prefix) }
        }
    }

    static func evaluate(_ outcomes: [StillOutcome], threshold: Double = FaceEmbedder.samePersonThreshold)
        -> IdentityResults
    {
        let stills = stills(outcomes)
        func identity(_ still: StillOutcome) -> String {
            still.labels.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } ?? "?"
        }
        var results = IdentityResults(
            threshold: threshold, stills: stills.map(\.file),
            withoutDescriptor: stills.filter { $0.descriptor == nil }.map(\.file), pairs: [], sameSaidSame: 0,
            differentSaidSame: 0, sameSaidDifferent: 0, differentSaidDifferent: 0, notCompared: 0)
        for (i, first) in stills.enumerated() {
            for second in stills[(i + 1)...] {
                let shouldMatch = identity(first) == identity(second)
                var distance: Double?
                if let a = first.descriptor, let b = second.descriptor { distance = FaceEmbedder.distance(a, b) }
                let saidSame = distance.map { $0 <= threshold }  // as the engine: above the threshold = different
                switch (shouldMatch, saidSame) {
                case (true, true?): results.sameSaidSame += 1
                case (false, true?): results.differentSaidSame += 1
                case (true, false?): results.sameSaidDifferent += 1
                case (false, false?): results.differentSaidDifferent += 1
                case (_, nil): results.notCompared += 1
                }
                results.pairs.append(
                    .init(
                        first: first.file, second: second.file, firstIdentity: identity(first),
                        secondIdentity: identity(second), shouldMatch: shouldMatch, distance: distance,
                        saidSame: saidSame, correct: saidSame == shouldMatch))
            }
        }
        return results
    }
}
