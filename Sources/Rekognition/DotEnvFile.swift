import Foundation

/// A `.env` file: `KEY=VALUE` lines, optionally prefixed with `export`, values optionally in single or double quotes,
/// `#` comment lines. Read from the working directory as the seed did; its values never override the real
/// environment.
public enum DotEnvFile {
    public static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            } else if let comment = value.range(of: " #") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            if !key.isEmpty { values[key] = value }
        }
        return values
    }

    /// The process environment with the `.env` file's values added where the environment has none.
    public static func environment(merging directory: URL, into environment: [String: String]) -> [String: String] {
        let url = directory.appendingPathComponent(".env")
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            return environment
        }
        return environment.merging(parse(text)) { real, _ in real }
    }
}
