/// True positives, false positives and false negatives of one label, and the precision and recall they give.
/// Precision is nil when nothing was predicted and recall nil when nothing was labelled: an undefined ratio is
/// reported as absent, never as 0 or 1.
public struct Score: Sendable, Equatable {
    public var truePositives: Int
    public var falsePositives: Int
    public var falseNegatives: Int

    public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    /// Items the label applies to (true positives + false negatives).
    public var labelledPositives: Int { truePositives + falseNegatives }
    /// Items the prediction applies to (true positives + false positives).
    public var predictedPositives: Int { truePositives + falsePositives }

    /// tp / (tp + fp); nil when nothing was predicted.
    public var precision: Double? {
        predictedPositives == 0 ? nil : Double(truePositives) / Double(predictedPositives)
    }

    /// tp / (tp + fn); nil when nothing was labelled.
    public var recall: Double? {
        labelledPositives == 0 ? nil : Double(truePositives) / Double(labelledPositives)
    }

    /// Counts one item. A true negative changes nothing.
    public mutating func count(predicted: Bool, labelled: Bool) {
        switch (predicted, labelled) {
        case (true, true): truePositives += 1
        case (true, false): falsePositives += 1
        case (false, true): falseNegatives += 1
        case (false, false): break
        }
    }

    public static func + (lhs: Score, rhs: Score) -> Score {
        Score(
            truePositives: lhs.truePositives + rhs.truePositives,
            falsePositives: lhs.falsePositives + rhs.falsePositives,
            falseNegatives: lhs.falseNegatives + rhs.falseNegatives)
    }

    /// The counts of several scores added up (micro-averaging).
    public static func sum<S: Sequence>(_ scores: S) -> Score where S.Element == Score {
        scores.reduce(Score(), +)
    }
}

extension Score: Codable {
    enum CodingKeys: String, CodingKey {
        case truePositives, falsePositives, falseNegatives, precision, recall
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            truePositives: try container.decode(Int.self, forKey: .truePositives),
            falsePositives: try container.decode(Int.self, forKey: .falsePositives),
            falseNegatives: try container.decode(Int.self, forKey: .falseNegatives))
    }

    /// Writes the counts and, when defined, precision and recall (absent when undefined).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(truePositives, forKey: .truePositives)
        try container.encode(falsePositives, forKey: .falsePositives)
        try container.encode(falseNegatives, forKey: .falseNegatives)
        try container.encodeIfPresent(precision, forKey: .precision)
        try container.encodeIfPresent(recall, forKey: .recall)
    }
}
