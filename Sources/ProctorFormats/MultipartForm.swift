import Foundation

/// A `multipart/form-data` body (RFC 7578) split into its named parts.
public struct MultipartForm: Sendable {
    public struct Part: Sendable {
        public var name: String
        public var filename: String?
        public var contentType: String?
        public var body: Data
    }

    public private(set) var parts: [Part] = []

    /// nil when the body is not multipart with this boundary (1-70 characters, RFC 2046).
    public init?(body: Data, boundary: String) {
        guard (1...70).contains(boundary.utf8.count) else { return nil }
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var searchStart = body.startIndex
        guard let first = body.range(of: delimiter, in: searchStart..<body.endIndex) else { return nil }
        searchStart = first.upperBound
        while let next = body.range(of: delimiter, in: searchStart..<body.endIndex) {
            var chunk = body[searchStart..<next.lowerBound]
            if chunk.starts(with: Data("\r\n".utf8)) { chunk = chunk.dropFirst(2) }
            if chunk.hasSuffix(Data("\r\n".utf8)) { chunk = chunk.dropLast(2) }
            if let split = chunk.range(of: headerEnd) {
                let headers = String(decoding: chunk[chunk.startIndex..<split.lowerBound], as: UTF8.self)
                if let part = Self.part(headers: headers, body: Data(chunk[split.upperBound...])) { parts.append(part) }
            }
            searchStart = next.upperBound
            if body[searchStart...].starts(with: Data("--".utf8)) { break }
        }
    }

    public func part(named name: String) -> Part? { parts.first { $0.name == name } }

    private static func part(headers: String, body: Data) -> Part? {
        var name: String?
        var filename: String?
        var contentType: String?
        for line in headers.components(separatedBy: "\r\n") {
            let lower = line.lowercased()
            if lower.hasPrefix("content-disposition:") {
                name = parameter("name", in: line)
                filename = parameter("filename", in: line)
            } else if lower.hasPrefix("content-type:") {
                contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces).lowercased()
            }
        }
        return name.map { Part(name: $0, filename: filename, contentType: contentType, body: body) }
    }

    /// `name="value"` (or unquoted) from a header line.
    public static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let equals = piece.firstIndex(of: "="), piece[..<equals].lowercased() == key else { continue }
            var value = String(piece[piece.index(after: equals)...])
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }
}

extension Data {
    func hasSuffix(_ suffix: Data) -> Bool { count >= suffix.count && self[(endIndex - suffix.count)...] == suffix }
}
