import Foundation
import ProctorEngine

/// Number formatting for the accuracy report.
enum Format {
    /// A ratio with two decimals, or "n/a" when it is undefined (nothing predicted / nothing labelled).
    static func ratio(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "n/a" }

    static func seconds(_ value: Double) -> String { String(format: "%.2f", value) }

    static func score(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }

    static func span(_ span: TimeSpan) -> String {
        span.start == span.end ? "at \(seconds(span.start)) s" : "\(seconds(span.start))-\(seconds(span.end)) s"
    }

    static func degrees(_ value: Double?) -> String { value.map { String(format: "%.1f°", $0) } ?? "-" }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    /// "a, b, c and 4 more".
    static func list(_ items: [String], limit: Int = 8) -> String {
        guard items.count > limit else { return items.joined(separator: ", ") }
        return items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
    }

    static func times(_ values: [Double], limit: Int = 10) -> String {
        list(values.map { seconds($0) }, limit: limit) + " s"
    }

    /// The file name without its folder.
    static func name(_ file: String) -> String { URL(fileURLWithPath: file).lastPathComponent }

    /// precision as "0.95 (38/40; 95% CI 0.83-0.99)".
    static func precision(_ score: Score) -> String {
        counted(Proportion(score.truePositives, of: score.predictedPositives))
    }

    static func recall(_ score: Score) -> String {
        counted(Proportion(score.truePositives, of: score.labelledPositives))
    }

    /// "0.95 (38/40; 95% CI 0.83-0.99)", or "n/a (0/0)".
    static func counted(_ proportion: Proportion) -> String {
        "\(ratio(proportion.rate)) (\(proportion.successes)/\(proportion.trials)\(interval(proportion).map { "; 95% CI \($0)" } ?? ""))"
    }

    /// A table cell: "0.95 [0.83-0.99]" (the Wilson 95% interval in brackets), or "n/a".
    static func cell(_ successes: Int, of trials: Int) -> String {
        let proportion = Proportion(successes, of: trials)
        return "\(ratio(proportion.rate))\(interval(proportion).map { " [\($0)]" } ?? "")"
    }

    static func precisionCell(_ score: Score) -> String { cell(score.truePositives, of: score.predictedPositives) }
    static func recallCell(_ score: Score) -> String { cell(score.truePositives, of: score.labelledPositives) }

    private static func interval(_ proportion: Proportion) -> String? {
        proportion.wilson95.map { String(format: "%.2f-%.2f", $0.low, $0.high) }
    }
}
