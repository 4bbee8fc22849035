/// Splits CSV text into records of fields (RFC 4180: quoted fields with doubled quotes inside; LF or CRLF line ends),
/// each with the line it starts on, for error messages.
struct CSVRecords {
    private var records: [(line: Int, fields: [String])] = []
    private var fields: [String] = []
    private var field = ""
    private var line = 1
    private var recordLine = 1
    private var inQuotes = false
    private var afterQuote = false

    static func parse(_ text: String) throws -> [(line: Int, fields: [String])] {
        var parser = CSVRecords()
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if parser.inQuotes {
                parser.readQuoted(character, rest: &characters)
            } else {
                try parser.read(character)
            }
        }
        return try parser.finish()
    }

    /// Inside quotes: a doubled quote is a quote; a single one closes the field's quoted part.
    private mutating func readQuoted(_ character: Character, rest: inout ArraySlice<Character>) {
        guard character == "\"" else {
            if character == "\n" || character == "\r\n" { line += 1 }
            field.append(character)
            return
        }
        if rest.first == "\"" {
            rest.removeFirst()
            field.append("\"")
        } else {
            inQuotes = false
            afterQuote = true
        }
    }

    private mutating func read(_ character: Character) throws {
        switch character {
        case ",":
            fields.append(field)
            field = ""
            afterQuote = false
        case "\n", "\r\n":
            endRecord()
            line += 1
            recordLine = line
        case "\r":
            return
        case "\"" where field.isEmpty && !afterQuote:
            inQuotes = true
        default:
            guard !afterQuote else { throw LabelSetError.textAfterQuote(line: line) }
            field.append(character)
        }
    }

    private mutating func endRecord() {
        fields.append(field)
        records.append((recordLine, fields))
        fields = []
        field = ""
        afterQuote = false
    }

    private mutating func finish() throws -> [(line: Int, fields: [String])] {
        if inQuotes { throw LabelSetError.unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRecord() }
        return records
    }
}
