import Foundation

/// Apparent facial expression from blendshape scores, by a rule fixed before it was measured (the one recorded with
/// the model in the shared MODELS.md), its cues read in this order, the first that passes deciding:
/// - HAPPY when mouthSmile (mean of both sides) > 0.5,
/// - SURPRISED when jawOpen > 0.4 and browInnerUp > 0.3,
/// - DISGUSTED when noseSneer (mean) > 0.3,
/// - ANGRY when browDown (mean) > 0.3,
/// - CALM (neutral) when none of them passes.
/// As shares that sum to 1 (what the report's timeline and `facial_expression` read): each cue's strength s is its
/// measure over its threshold (SURPRISED: the smaller of its two ratios), its value 5 (s - 1), capped at half the
/// value of an earlier cue that passes; shares = softmax over those values and CALM = 0. So the dominant share is
/// always the rule's verdict. They are shares by that formula, not calibrated probabilities. SAD and FEAR have no cue
/// and are absent.
enum BlendshapeExpressions {
    /// (expression, [blendshape names averaged into its measure], threshold), per cue.
    struct Cue {
        var expression: String
        var measures: [(names: [String], threshold: Double)]
    }

    static let cues = [
        Cue(expression: "HAPPY", measures: [(["mouthSmileLeft", "mouthSmileRight"], 0.5)]),
        Cue(expression: "SURPRISED", measures: [(["jawOpen"], 0.4), (["browInnerUp"], 0.3)]),
        Cue(expression: "DISGUSTED", measures: [(["noseSneerLeft", "noseSneerRight"], 0.3)]),
        Cue(expression: "ANGRY", measures: [(["browDownLeft", "browDownRight"], 0.3)]),
    ]
    /// How sharply the shares follow the strengths.
    static let sharpness = 5.0

    /// The cue's strength: each measure over its threshold, the smallest of them.
    static func strength(_ cue: Cue, _ blendshapes: [String: Double]) -> Double {
        cue.measures.map { measure in
            let values = measure.names.map { blendshapes[$0] ?? 0 }
            return values.reduce(0, +) / Double(values.count) / measure.threshold
        }.min() ?? 0
    }

    /// Shares of CALM and the four cues (summing to 1) for a face's blendshape scores.
    static func expressions(from blendshapes: [String: Double]) -> [String: Double] {
        var logits = ["CALM": 0.0]
        var firstPassing: Double?
        for cue in cues {
            let value = sharpness * (strength(cue, blendshapes) - 1)
            logits[cue.expression] = firstPassing.map { min(value, $0 / 2) } ?? value
            if firstPassing == nil, value > 0 { firstPassing = value }
        }
        // Summed in a fixed order: a dictionary's order changes from process to process, and so would the last bit.
        let names = logits.keys.sorted()
        let top = logits.values.max()!
        let weights = names.map { exp(logits[$0]! - top) }
        let total = weights.reduce(0, +)
        return Dictionary(uniqueKeysWithValues: zip(names, weights.map { $0 / total }))
    }
}
