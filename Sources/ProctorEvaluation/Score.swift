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

/// A proportion with its 95% Wilson score interval: how far a rate measured on `trials` cases can be trusted.
public struct Proportion: Codable, Sendable, Equatable {
    public var successes: Int
    public var trials: Int

    public init(_ successes: Int, of trials: Int) {
        self.successes = successes
        self.trials = trials
    }

    public var rate: Double? { trials > 0 ? Double(successes) / Double(trials) : nil }

    /// The 95% Wilson score interval (z = 1.96); nil without trials. Unlike the normal approximation it stays
    /// inside 0...1 and is honest at 0 or n successes: 0 of 12 gives 0.00-0.24, not 0.00-0.00.
    public var wilson95: (low: Double, high: Double)? {
        guard trials > 0 else { return nil }
        let z = 1.96
        let n = Double(trials)
        let p = Double(successes) / n
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    /// "k/n = 0.97 (95% CI 0.93-0.99)", or "0/0".
    public var text: String {
        guard let rate, let interval = wilson95 else { return "0/0" }
        func two(_ value: Double) -> String { String(format: "%.2f", value) }
        return "\(successes)/\(trials) = \(two(rate)) (95% CI \(two(interval.low))-\(two(interval.high)))"
    }
}
