import Foundation
import Hummingbird

/// Reads request bodies within the server's limits.
struct RequestBodies {
    let settings: ServerSettings

    /// The request body, at most `max_body` bytes (413 beyond); a body the HTTP parser refuses, or that ends before
    /// its length, is 400.
    func data(of request: Request) async throws -> Data {
        var request = request
        do {
            return Data(buffer: try await request.collectBody(upTo: settings.maxBodyBytes))
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "the body is larger than \(settings.maxBodyBytes) bytes")
        } catch {
            throw APIError.badRequest("the request body is malformed or ended early")
        }
    }

    /// The one image of a frame request, in any of the accepted encodings (`FrameInput`).
    func image(from request: Request) async throws -> Data {
        try FrameInput.image(from: try await data(of: request), contentType: request.headers[.contentType])
    }

    /// The named images of a multipart or JSON request.
    func images(from request: Request, fields: [String]) async throws -> [String: Data] {
        try FrameInput.images(
            from: try await data(of: request), contentType: request.headers[.contentType],
            fields: fields)
    }
}
