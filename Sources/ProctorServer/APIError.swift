import Foundation
import Hummingbird
import ProctorFormats

/// An error answered as `{"success": false, "error": "..."}` with its HTTP status (and `Retry-After` when the
/// server is saturated). Every failure a client can cause maps to one of these: bad input is never a 500. The session
/// layer throws `SessionError`s, mapped here (`init(_: SessionError)`).
public struct APIError: HTTPResponseError, CustomStringConvertible, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "\(status.code) \(message)" }

    /// The JSON error body, with `Retry-After` when given.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.error(self)
    }

    /// A refused format: 400 when broken, 415 when of a type not accepted, 413 beyond a limit.
    init(_ error: FormatError) {
        switch error.kind {
        case .malformed: self.init(.badRequest, error.message)
        case .unsupported: self.init(.unsupportedMediaType, error.message)
        case .tooLarge: self.init(.contentTooLarge, error.message)
        }
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
}
