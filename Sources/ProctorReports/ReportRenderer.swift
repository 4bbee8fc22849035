import Foundation
import ProctorEngine

/// Output formats of a report.
public enum ReportFormat: String, CaseIterable, Sendable {
    case json, markdown, html
}

/// Renders a report as JSON (`ReportCoding`), or as Markdown or a self-contained HTML page for a human reviewer.
public enum ReportRenderer {
    public static func render(_ report: Report, as format: ReportFormat) throws -> String {
        switch format {
        case .json: return try ReportCoding.json(report)
        case .markdown: return MarkdownReport(report: report).text
        case .html: return HTMLReport(report: report).text
        }
    }
}
