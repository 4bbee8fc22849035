import Foundation
import ProctorEngine

/// Markup and number helpers shared by the HTML sections.
extension HTMLReport {
    // MARK: - Markup helpers

    /// Text safe inside an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A table; `rows` hold markup (escape text before), `numeric` columns are right-aligned.
    static func table(headers: [String], numeric: Set<Int>, rows: [[String]]) -> String {
        func cell(_ tag: String, _ column: Int, _ content: String) -> String {
            "<\(tag)\(numeric.contains(column) ? " class=\"num\"" : "")\(tag == "th" ? " scope=\"col\"" : "")>"
                + "\(content)</\(tag)>"
        }
        let head = headers.enumerated().map { cell("th", $0.offset, escape($0.element)) }.joined()
        let body = rows.map { row in
            "<tr>" + row.enumerated().map { cell("td", $0.offset, $0.element) }.joined() + "</tr>"
        }.joined(separator: "\n")
        return "<table>\n<thead><tr>\(head)</tr></thead>\n<tbody>\n\(body)\n</tbody>\n</table>"
    }

    /// A definition list; values hold markup.
    static func definitionList(_ facts: [(String, String)]) -> String {
        "<dl class=\"facts\">" + facts.map { "<dt>\(escape($0.0))</dt><dd>\($0.1)</dd>" }.joined() + "</dl>"
    }

    /// A legend of colour swatches, each with its text (markup).
    static func legend(_ entries: [(colour: String, text: String)]) -> String {
        guard !entries.isEmpty else { return "" }
        return "<ul class=\"legend\">" + entries.map { "<li>\(swatch($0.colour)) \($0.text)</li>" }.joined() + "</ul>"
    }

    static func swatch(_ colour: String) -> String {
        "<span class=\"swatch\" style=\"background: \(colour)\" aria-hidden=\"true\"></span>"
    }

    /// An alert type as a swatch of its colour and its name.
    static func typeLabel(_ type: AlertType) -> String {
        "<span class=\"nowrap\" title=\"\(escape(type.message))\">\(swatch(colour(of: type))) \(type.rawValue)</span>"
    }

    /// The JPEG at `path` embedded as a thumbnail, or `fallback` when it is missing or not a JPEG.
    func evidenceImage(path: String, alt: String, fallback: String) -> String {
        guard let data = readEvidence(path), data.count <= Self.maxEmbeddedBytes,
            data.starts(with: [0xFF, 0xD8, 0xFF])
        else {
            return Self.escape(fallback)
        }
        return "<img class=\"evidence\" src=\"data:image/jpeg;base64,\(data.base64EncodedString())\" "
            + "alt=\"\(Self.escape(alt))\" title=\"\(Self.escape(path))\">"
    }

    /// Larger evidence files are not embedded (they would bloat the document).
    static let maxEmbeddedBytes = 4_000_000

    // MARK: - Number formats

    /// m:ss with `decimals` decimals of seconds.
    static func clock(_ seconds: Double, decimals: Int) -> String {
        let value = max(0, seconds)
        let minutes = Int(value) / 60
        let rest = value - Double(minutes * 60)
        let width = decimals > 0 ? decimals + 3 : 2
        return String(format: "%d:%0\(width).\(decimals)f", minutes, rest)
    }

    /// "m:ss.s–m:ss.s".
    static func span(_ start: Double, _ end: Double) -> String {
        clock(start, decimals: 1) + "–" + clock(end, decimals: 1)
    }

    static func number(_ value: Double) -> String { String(format: "%.2f", value) }

    /// An SVG coordinate: one decimal is finer than a pixel.
    static func coordinate(_ value: Double) -> String { String(format: "%.1f", value) }

    static func percent(_ share: Double?) -> String { String(format: "%.0f%%", (share ?? 0) * 100) }

    /// A snake_case name as words ("needs_review" -> "needs review").
    static func label(_ name: String) -> String { escape(name.replacingOccurrences(of: "_", with: " ")) }

}
