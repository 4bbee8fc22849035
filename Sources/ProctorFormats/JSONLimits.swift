import Foundation

/// Bounds on client-supplied JSON that is stored and sent back (a session's `job_data`): deep nesting breaks
/// encoders and parsers downstream, and size multiplies in every listing. Checked on the raw bytes, before any
/// parser builds a tree from them.
public struct JSONLimits: Sendable, Equatable {
    /// Deepest nesting of objects and arrays.
    public var maxDepth = 32
    /// Largest encoded size in bytes.
    public var maxBytes = 64 << 10

    public init(maxDepth: Int = 32, maxBytes: Int = 64 << 10) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    /// The deepest nesting of `[` and `{` outside strings in `data` (0 for a scalar). Stops counting, and returns
    /// at once, past `limit`.
    public static func depth(of data: Data, stoppingAfter limit: Int = .max) -> Int {
        var deepest = scan(data, stoppingAfter: limit)
        // JSONSerialization and JSONDecoder also read UTF-16 and UTF-32 (told by a BOM or by the NUL bytes of the
        // first characters); scanned as bytes, a character such as U+2200 (00 22 in UTF-16LE) passes for a quote
        // and hides brackets in a "string". Text that UTF-8 JSON cannot be (a NUL byte, a UTF-16 BOM) is also
        // scanned as each of those encodings can read it, and the deepest count wins.
        guard data.contains(0) || data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0xFF, 0xFE]) else {
            return deepest
        }
        for encoding in [String.Encoding.utf16LittleEndian, .utf16BigEndian, .utf32LittleEndian, .utf32BigEndian] {
            guard deepest <= limit else { break }
            if let text = String(data: data, encoding: encoding) {
                deepest = max(deepest, scan(text.utf8, stoppingAfter: limit))
            }
        }
        return deepest
    }

    private static func scan(_ bytes: some Sequence<UInt8>, stoppingAfter limit: Int) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
                if deepest > limit { return deepest }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// Throws `.tooLarge` when `data` (one JSON value) is deeper or larger than allowed; `name` is used in the error.
    public func check(_ data: Data, name: String) throws {
        guard data.count <= maxBytes else {
            throw FormatError(.tooLarge, "\(name) is \(data.count) bytes, more than the \(maxBytes) allowed")
        }
        guard Self.depth(of: data, stoppingAfter: maxDepth) <= maxDepth else {
            throw FormatError(.tooLarge, "\(name) is nested more than \(maxDepth) levels deep")
        }
    }
}
