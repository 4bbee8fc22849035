import Foundation

/// Image bytes sent as text: a data URL (`data:image/jpeg;base64,...`) or bare base64 (standard or URL-safe,
/// padding optional, whitespace ignored), as the seed's clients send them.
public enum Base64Image {
    /// The MIME types a data URL may name (or none).
    public static let acceptedTypes: Set<String> = ["image/jpeg", "image/jpg", "image/png"]

    /// The decoded bytes; `field` names the value in error messages.
    public static func decode(_ text: String, field: String) throws -> Data {
        var payload = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if payload.prefix(5).lowercased() == "data:" {
            guard let comma = payload.firstIndex(of: ",") else {
                throw FormatError(.malformed, "'\(field)': malformed data URL")
            }
            let header = payload[payload.index(payload.startIndex, offsetBy: 5)..<comma].lowercased()
            guard header.hasSuffix(";base64") else {
                throw FormatError(.malformed, "'\(field)': the data URL is not base64")
            }
            let mime = String(header.dropLast(7))
            guard mime.isEmpty || acceptedTypes.contains(mime) else {
                throw FormatError(.unsupported, "'\(field)': \(mime.prefix(100)) is not supported (JPEG or PNG)")
            }
            payload = payload[payload.index(after: comma)...]
        }
        var base64 = String(payload.filter { !$0.isWhitespace }).replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        if base64.count % 4 != 0 { base64 += String(repeating: "=", count: 4 - base64.count % 4) }
        guard !base64.isEmpty, let data = Data(base64Encoded: base64) else {
            throw FormatError(.malformed, "'\(field)' is not valid base64")
        }
        return data
    }
}
