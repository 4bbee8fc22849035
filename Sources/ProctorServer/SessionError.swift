/// Why the session layer refused a request, in domain terms; `APIError(_:)` gives each its HTTP status.
enum SessionError: Error, Equatable {
    /// No such session (or not a UUID, which cannot name one).
    case unknown(String)
    /// The session has ended: it takes no more frames.
    case ended(String)
    /// A session with this id exists already.
    case exists(String)
    /// The requested id is not a UUID.
    case invalidID
    /// The client's input cannot be used (an image that does not decode, no face or several in a still).
    case unusableInput(String)
    /// The analysis queue is full: retry after this many seconds.
    case busy(retryAfter: Int)
    /// The backend cannot do what was asked (it gives no identity descriptors).
    case unsupported(String)
}

extension APIError {
    /// The HTTP answer for a session-layer refusal.
    init(_ error: SessionError) {
        switch error {
        case .unknown(let id): self.init(.notFound, "unknown session \(id.prefix(100))")
        case .ended(let id): self.init(.conflict, "session \(id) has ended")
        case .exists(let id): self.init(.conflict, "session \(id) already exists")
        case .invalidID: self.init(.badRequest, "session_id must be a UUID")
        case .unusableInput(let reason): self.init(.badRequest, reason)
        case .busy(let seconds):
            self.init(.tooManyRequests, "the analysis queue is full; retry shortly", retryAfter: seconds)
        case .unsupported(let reason): self.init(.serviceUnavailable, reason)
        }
    }
}
