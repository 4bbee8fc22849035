/// Why untrusted bytes were refused, in words a client can act on, with the kind of refusal (which the HTTP layer
/// turns into 400, 415 or 413).
public struct FormatError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The bytes are broken or inconsistent.
        case malformed
        /// Well-formed, but of a type that is not accepted.
        case unsupported
        /// Beyond a size or nesting limit.
        case tooLarge
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
