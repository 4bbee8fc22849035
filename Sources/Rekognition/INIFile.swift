import Foundation

/// The INI dialect of `~/.aws/credentials` and `~/.aws/config`: `[section]` headers, `key = value` lines, `#` and `;`
/// comment lines, and indented lines that belong to a nested block (`s3 =` followed by indented settings), which are
/// skipped because no setting read here uses them. Keys are case-sensitive and a `#` after a value is part of it,
/// as the AWS CLI (Python's configparser) reads them.
public struct INIFile: Sendable, Equatable {
    public private(set) var sections: [String: [String: String]] = [:]

    public init(text: String) {
        var current: String?
        var nestedBlock = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let indented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                current = name
                nestedBlock = false
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            if indented && nestedBlock { continue }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            nestedBlock = value.isEmpty
            if !nestedBlock { sections[section, default: [:]][key] = value }
        }
    }
}
