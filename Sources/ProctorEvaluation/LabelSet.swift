/// One row of `labels.csv`: a label a person gave a file, for a time span of a video or for a whole still.
public struct LabelRow: Codable, Sendable, Equatable {
    /// Path relative to the media folder, e.g. `images/b01_oneface_obama.jpg`.
    public var file: String
    /// Seconds from the start of the video; nil for a still image.
    public var start: Double?
    public var end: Double?
    /// A term of the vocabulary: `one_face`, `phone`, `emotion=happy`, `identity=barack_obama`, ...
    public var label: String
    public var notes: String

    public init(file: String, start: Double?, end: Double?, label: String, notes: String = "") {
        self.file = file
        self.start = start
        self.end = end
        self.label = label
        self.notes = notes
    }

    /// A still's row has no times.
    public var isStill: Bool { start == nil }
}

/// Why `labels.csv` could not be read. Line numbers count from 1 (the header) and name the line a record starts on.
public enum LabelSetError: Error, Equatable, CustomStringConvertible {
    case badHeader(String)
    case unterminatedQuote(line: Int)
    case textAfterQuote(line: Int)
    case fieldCount(line: Int, found: Int)
    case badTime(line: Int, String)
    /// Only one of start and end is given.
    case halfTimed(line: Int)
    case endBeforeStart(line: Int)

    public var description: String {
        switch self {
        case .badHeader(let header):
            return "labels: header is '\(header)', expected '\(LabelSet.header.joined(separator: ","))'"
        case .unterminatedQuote(let line): return "labels line \(line): a quoted field is never closed"
        case .textAfterQuote(let line): return "labels line \(line): text after a closing quote"
        case .fieldCount(let line, let found): return "labels line \(line): \(found) fields, expected 5"
        case .badTime(let line, let text): return "labels line \(line): '\(text)' is not a time in seconds"
        case .halfTimed(let line): return "labels line \(line): start and end must both be given or both be empty"
        case .endBeforeStart(let line): return "labels line \(line): end before start"
        }
    }
}

/// The hand-written ground truth: `file,start_s,end_s,label,notes`, comma-separated, fields optionally in double
/// quotes (a quoted field may hold commas, line breaks and `""` for a quote); stills leave start and end empty.
public struct LabelSet: Sendable, Equatable {
    public static let header = ["file", "start_s", "end_s", "label", "notes"]

    public var rows: [LabelRow]

    public init(rows: [LabelRow]) { self.rows = rows }

    /// Parses the CSV text. Blank lines are skipped; any malformed record is an error naming its line.
    public static func parse(_ text: String) throws -> LabelSet {
        let records = try records(in: text)
        guard let first = records.first, first.fields.map(trimmed) == header else {
            throw LabelSetError.badHeader(records.first?.fields.joined(separator: ",") ?? "")
        }
        var rows: [LabelRow] = []
        for record in records.dropFirst() {
            let fields = record.fields
            if fields.count == 1, trimmed(fields[0]).isEmpty { continue }
            guard fields.count == header.count else {
                throw LabelSetError.fieldCount(line: record.line, found: fields.count)
            }
            func time(_ text: String) throws -> Double? {
                let value = trimmed(text)
                if value.isEmpty { return nil }
                guard let seconds = Double(value), seconds.isFinite, seconds >= 0 else {
                    throw LabelSetError.badTime(line: record.line, value)
                }
                return seconds
            }
            let start = try time(fields[1])
            let end = try time(fields[2])
            guard (start == nil) == (end == nil) else { throw LabelSetError.halfTimed(line: record.line) }
            if let start, let end, end < start { throw LabelSetError.endBeforeStart(line: record.line) }
            rows.append(
                LabelRow(
                    file: trimmed(fields[0]), start: start, end: end, label: trimmed(fields[3]),
                    notes: fields[4]))
        }
        return LabelSet(rows: rows)
    }

    /// Files with untimed rows (stills), in order of first appearance.
    public var stillFiles: [String] { files { $0.isStill } }
    /// Files with timed rows (videos), in order of first appearance.
    public var videoFiles: [String] { files { !$0.isStill } }

    public func rows(of file: String) -> [LabelRow] { rows.filter { $0.file == file } }

    /// Every label a file carries.
    public func labels(of file: String) -> Set<String> { Set(rows(of: file).map(\.label)) }

    private func files(where include: (LabelRow) -> Bool) -> [String] {
        var seen = Set<String>()
        return rows.filter(include).map(\.file).filter { seen.insert($0).inserted }
    }

    private static func trimmed(_ text: String) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// Splits CSV text into records of fields (RFC 4180 quoting; LF or CRLF line ends).
    static func records(in text: String) throws -> [(line: Int, fields: [String])] {
        try CSVRecords.parse(text)
    }
}
