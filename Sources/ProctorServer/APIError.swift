import Foundation
import Hummingbird

/// An error answered as `{"success": false, "error": "..."}` with its HTTP status (and `Retry-After` when the
/// server is saturated). Every failure a client can cause maps to one of these: bad input is never a 500.
public struct APIError: Error, CustomStringConvertible, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "\(status.code) \(message)" }

    static func unknownSession(_ id: String) -> APIError { APIError(.notFound, "unknown session \(id)") }
    static func ended(_ id: String) -> APIError { APIError(.conflict, "session \(id) has ended") }
    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
}
