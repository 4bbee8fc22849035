import Foundation

/// Output formats of a report.
public enum ReportFormat: String, CaseIterable, Sendable {
    case json, markdown, html
}

/// Renders a report as JSON (snake_case keys, stable key order), or as Markdown or a self-contained HTML page for a
/// human reviewer.
public enum ReportRenderer {
    public static func render(_ report: Report, as format: ReportFormat) throws -> String {
        switch format {
        case .json: return try json(report)
        case .markdown: return MarkdownReport(report: report).text
        case .html: return HTMLReport(report: report).text
        }
    }

    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
