import Foundation
import ProctorEngine

/// One recording's line in `summary.csv` / `summary.json`.
struct BatchRow: Codable, Sendable {
    enum Status: String, Codable, Sendable {
        /// Analysed in this run.
        case analysed
        /// Its complete reports existed already (resumed batch); the row comes from its JSON report.
        case skipped
        case failed
    }

    var file: String
    var status: Status
    var error: String?
    /// The JSON report, relative to the output folder.
    var report: String?
    var durationSeconds: Double?
    var framesAnalysed: Int?
    var partial: Bool?
    /// Coverage shares (0-1) per class: one_face, no_face, multiple_faces, poor_quality, unanalysed.
    var coverage: [String: Double]?
    var alertCounts: [String: Int]?
    var assessment: String?
    var reviewPriority: String?
    var reviewScore: Double?

    init(file: String, status: Status, error: String? = nil, report: String? = nil, from value: Report? = nil) {
        self.file = file
        self.status = status
        self.error = error
        self.report = report
        guard let value else { return }
        durationSeconds = value.input.durationSeconds ?? value.input.lastFrameSeconds
        framesAnalysed = value.input.framesAnalysed
        partial = value.input.partial
        coverage = value.coverage.shares
        alertCounts = value.summary.alertCounts
        assessment = value.summary.assessment
        reviewPriority = value.review.level.rawValue
        reviewScore = value.review.score
    }
}

/// Writes the batch summary as CSV (one row per recording, fixed columns) and JSON.
enum BatchSummary {
    static let coverageColumns = ["one_face", "no_face", "multiple_faces", "poor_quality", "unanalysed"]

    static func write(_ rows: [BatchRow], to directory: URL) throws {
        try Data(csv(rows).utf8).write(to: directory.appendingPathComponent("summary.csv"), options: .atomic)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(rows).write(to: directory.appendingPathComponent("summary.json"), options: .atomic)
    }

    static func csv(_ rows: [BatchRow]) -> String {
        let alertColumns = AlertType.allCases.map(\.rawValue)
        let header =
            ["file", "status", "error", "duration_seconds", "frames_analysed", "partial"] + coverageColumns
            + alertColumns + ["assessment", "review_priority", "review_score", "report"]
        let lines = rows.map { row -> [String] in
            [
                row.file, row.status.rawValue, row.error ?? "", number(row.durationSeconds),
                row.framesAnalysed.map(String.init) ?? "", row.partial.map { $0 ? "true" : "false" } ?? "",
            ]
                + coverageColumns.map { number(row.coverage?[$0]) }
                + alertColumns.map { type in row.alertCounts.map { String($0[type] ?? 0) } ?? "" }
                + [row.assessment ?? "", row.reviewPriority ?? "", number(row.reviewScore), row.report ?? ""]
        }
        return ([header] + lines).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    private static func number(_ value: Double?) -> String {
        value.map { String(format: "%.4g", $0) } ?? ""
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
    private static func field(_ text: String) -> String {
        guard text.contains(where: { [",", "\"", "\n", "\r"].contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
