/// An AWS access key pair (and session token for temporary credentials), and where it was found. Printing it never
/// shows the secret or the token.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// Where the key came from ("environment", "profile 'dev' in /home/me/.aws/credentials", ...).
    public var source: String

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, source: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
    }

    /// The access key id shortened to its last four characters, the source, and whether a token is present.
    public var description: String {
        let visible = accessKeyID.count > 4 ? "..." + accessKeyID.suffix(4) : "..."
        return "access key \(visible) from \(source)\(sessionToken == nil ? "" : " (with session token)")"
    }
}
