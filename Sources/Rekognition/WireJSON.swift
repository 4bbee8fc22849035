import Foundation

/// A JSON request body with its members in a fixed order, written exactly as the AWS SDK for Python (botocore)
/// writes it (`json.dumps` defaults: `", "` and `": "` separators, non-ASCII escaped), so a request can be compared
/// byte for byte with botocore's.
public indirect enum WireJSON: Sendable, Equatable {
    case object([(String, WireJSON)])
    case array([WireJSON])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    public static func == (lhs: WireJSON, rhs: WireJSON) -> Bool { lhs.text == rhs.text }

    public var data: Data { Data(text.utf8) }

    public var text: String {
        switch self {
        case .object(let members):
            return "{" + members.map { "\(Self.quote($0.0)): \($0.1.text)" }.joined(separator: ", ") + "}"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .string(let value): return Self.quote(value)
        case .int(let value): return String(value)
        case .double(let value): return value.description
        case .bool(let value): return value ? "true" : "false"
        }
    }

    /// A JSON string literal with every non-ASCII character escaped as `\uXXXX` (UTF-16).
    static func quote(_ value: String) -> String {
        var quoted = "\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: quoted += "\\\""
            case 0x5C: quoted += "\\\\"
            case 0x0A: quoted += "\\n"
            case 0x0D: quoted += "\\r"
            case 0x09: quoted += "\\t"
            case 0x08: quoted += "\\b"
            case 0x0C: quoted += "\\f"
            case 0x20..<0x7F: quoted.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default: quoted += String(format: "\\u%04x", unit)
            }
        }
        return quoted + "\""
    }
}
