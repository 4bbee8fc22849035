/// Small descriptive statistics used by the baseline and the session summary.
public enum Statistics {
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    public static func median(_ values: [Double]) -> Double? { percentile(values, 50) }

    /// Linear-interpolated percentile (0-100) of the values; nil when empty.
    public static func percentile(_ values: [Double], _ percent: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = Double(sorted.count - 1) * percent / 100
        let lower = Int(position.rounded(.down))
        let upper = Int(position.rounded(.up))
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}

/// Clamps to 0...1.
func unitClamp(_ value: Double) -> Double { min(1, max(0, value)) }
