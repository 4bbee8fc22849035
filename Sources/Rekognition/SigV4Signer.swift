import Crypto
import Foundation

/// An HTTP request as Signature Version 4 reads it. `path` and the query items are given decoded (the signer encodes
/// them); header names keep their case and order, repeated names are allowed.
public struct SignableRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    public var query: [QueryItem]
    public var headers: [Header]
    public var body: Data

    public struct QueryItem: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(method: String, path: String, query: [QueryItem] = [], headers: [Header], body: Data) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The value of the first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// AWS Signature Version 4 (HMAC-SHA256), as specified in the AWS General Reference "Signing AWS API requests":
/// canonical request -> string to sign -> signature with a key derived from the secret, the date, the region and the
/// service. Every header present when signing is signed (the caller adds only headers meant to be signed).
/// Checked against the AWS SigV4 test suite and against botocore (RekognitionTests).
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    public let credentials: AWSCredentials
    public let region: String
    public let service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// `20150830T123600Z`: the X-Amz-Date format.
    public static func amzDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// Adds `X-Amz-Date`, `X-Amz-Security-Token` (temporary credentials) and `Authorization` to the request.
    public func sign(_ request: inout SignableRequest, at date: Date) {
        let timestamp = Self.amzDate(date)
        request.headers.removeAll { ["x-amz-date", "authorization"].contains($0.name.lowercased()) }
        request.headers.append(.init(name: "X-Amz-Date", value: timestamp))
        if let token = credentials.sessionToken, request.header("X-Amz-Security-Token") == nil {
            request.headers.append(.init(name: "X-Amz-Security-Token", value: token))
        }
        request.headers.append(.init(name: "Authorization", value: authorization(for: request, timestamp: timestamp)))
    }

    /// The `Authorization` header value for a request whose `X-Amz-Date` is `timestamp`.
    public func authorization(for request: SignableRequest, timestamp: String) -> String {
        let canonical = canonicalRequest(request)
        let signature = self.signature(
            stringToSign: stringToSign(canonicalRequest: canonical, timestamp: timestamp),
            timestamp: timestamp)
        return "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(timestamp)), "
            + "SignedHeaders=\(Self.signedHeaders(request)), Signature=\(signature)"
    }

    /// Method, canonical URI, canonical query, canonical headers, signed headers and payload hash, one per line.
    public func canonicalRequest(_ request: SignableRequest) -> String {
        let headers = Self.canonicalHeaders(request)
        return [
            request.method.uppercased(),
            Self.canonicalURI(request.path),
            Self.canonicalQuery(request.query),
            headers.map { "\($0.name):\($0.value)\n" }.joined(),
            headers.map(\.name).joined(separator: ";"),
            Self.hex(SHA256.hash(data: request.body)),
        ].joined(separator: "\n")
    }

    public func stringToSign(canonicalRequest: String, timestamp: String) -> String {
        [Self.algorithm, timestamp, scope(timestamp), Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))]
            .joined(separator: "\n")
    }

    /// Hex HMAC-SHA256 of the string to sign with the key derived for the timestamp's date, region and service.
    public func signature(stringToSign: String, timestamp: String) -> String {
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [String(timestamp.prefix(8)), region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
    }

    /// `20150830/us-east-1/service/aws4_request`.
    public func scope(_ timestamp: String) -> String {
        "\(timestamp.prefix(8))/\(region)/\(service)/aws4_request"
    }

    static func signedHeaders(_ request: SignableRequest) -> String {
        canonicalHeaders(request).map(\.name).joined(separator: ";")
    }

    /// Lower-case names, sorted; values trimmed with inner runs of whitespace (including folded lines) collapsed to
    /// one space; repeated names joined with commas in their order.
    static func canonicalHeaders(_ request: SignableRequest) -> [(name: String, value: String)] {
        var values: [String: [String]] = [:]
        for header in request.headers {
            let collapsed = header.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                .joined(separator: " ")
            values[header.name.lowercased(), default: []].append(collapsed)
        }
        return values.keys.sorted().map { ($0, values[$0]!.joined(separator: ",")) }
    }

    /// The path with empty and `.` segments removed and `..` applied (a trailing slash kept), each segment
    /// URI-encoded.
    static func canonicalURI(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        let joined = "/" + segments.map { uriEncode(String($0)) }.joined(separator: "/")
        return path.hasSuffix("/") && !segments.isEmpty ? joined + "/" : joined
    }

    /// Items encoded, then sorted by name and value (byte order), joined with `&`.
    static func canonicalQuery(_ items: [SignableRequest.QueryItem]) -> String {
        items.map { (uriEncode($0.name), uriEncode($0.value)) }
            .sorted { a, b in
                a.0 == b.0 ? a.1.utf8.lexicographicallyPrecedes(b.1.utf8) : a.0.utf8.lexicographicallyPrecedes(b.0.utf8)
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// RFC 3986 encoding: every byte but A-Z a-z 0-9 - . _ ~ becomes %XX (upper-case hex) of its UTF-8 bytes.
    static func uriEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
