import Foundation
import Hummingbird
import Logging
import NIOHTTP1
import ProctorEngine

/// Turns every error into the API's JSON error body with its status: `APIError` as given, Hummingbird's own
/// (unknown route, body too large) with their status, a malformed HTTP message as 400, anything else as 500. The log
/// line names the route and the error's type only: request bodies, job data and images never reach the log.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as SessionError {
            return try APIError(error).response(from: request, context: context)
        } catch let error as HTTPResponseError {
            let message =
                error.status == .notFound
                ? "no route \(request.method) \(request.uri.path.prefix(200))"
                : error.status.reasonPhrase
            return JSONResponse.error(APIError(error.status, message))
        } catch is HTTPParserError {
            return JSONResponse.error(APIError(.badRequest, "malformed HTTP request"))
        } catch {
            logger.error(
                "internal error on \(request.method) \(RoutePath(request.uri.path).logged): \(type(of: error))")
            return JSONResponse.error(APIError(.internalServerError, "internal error"))
        }
    }
}

/// A request path as the router sees it: the components between slashes, empty ones dropped (so `//api/x/` and
/// `/api/x` are the same route). Access decisions are made on this, never on the raw text.
struct RoutePath: Equatable {
    let components: [Substring]

    init(_ path: String) {
        components = path.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// Routes anyone may call without a key: the demo page and the health check.
    var isPublic: Bool { components.isEmpty || components == ["health"] }

    /// The path for a log line: at most 8 components of at most 40 characters.
    var logged: String {
        "/" + components.prefix(8).map { $0.count > 40 ? $0.prefix(40) + "..." : $0 }.joined(separator: "/")
    }
}

/// API keys (`X-API-Key`, or `Authorization: Bearer`, or `?api_key=` for WebSocket clients that cannot set headers),
/// when keys are configured: deny by default, on every route but the public ones (`RoutePath.isPublic`, decided on
/// the path as the router splits it). CORS preflights are answered before this runs.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !keys.isEmpty, !RoutePath(request.uri.path).isPublic else {
            return try await next(request, context)
        }
        let bearer = request.headers[.authorization].flatMap { value -> String? in
            value.lowercased().hasPrefix("bearer ") ? String(value.dropFirst(7)) : nil
        }
        let apiKeyHeader = request.headers.first { $0.name.canonicalName == "x-api-key" }?.value
        let given =
            apiKeyHeader ?? bearer
            ?? request.uri.queryParameters.get("api_key")
        guard let given, keys.contains(given) else { throw APIError(.unauthorized, "missing or invalid API key") }
        return try await next(request, context)
    }
}

/// CORS: `*` (any origin, the seed's default) or a list of allowed origins; answers preflight requests itself.
/// (Hummingbird 2.28's `CORSMiddleware` takes its allowed origins only as a variadic `.oneOf(...)`, not the runtime
/// list `--cors-origin` gives, hence this one.)
struct CORSHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let origins: [String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let origin = request.headers[.origin]
        let allowed: String? = origins.contains("*") ? "*" : origin.flatMap { origins.contains($0) ? $0 : nil }
        var response: Response
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            response = Response(status: .noContent)
            response.headers[.accessControlAllowMethods] = "GET, POST, DELETE, OPTIONS"
            response.headers[.accessControlAllowHeaders] = "Content-Type, X-API-Key, Authorization"
            response.headers[.accessControlMaxAge] = "600"
        } else {
            response = try await next(request, context)
        }
        if let allowed {
            response.headers[.accessControlAllowOrigin] = allowed
            if allowed != "*" { response.headers[.vary] = "Origin" }
        }
        return response
    }
}

/// JSON responses with the report renderer's encoding (snake_case, sorted keys).
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(try ReportCoding.json(value))
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }

    static func error(_ error: APIError) -> Response {
        let body =
            (try? ReportCoding.json(["success": AnyEncodable(false), "error": AnyEncodable(error.message)]))
            ?? #"{"success": false}"#
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter = error.retryAfter { headers[.retryAfter] = String(retryAfter) }
        var buffer = ByteBuffer()
        buffer.writeString(body)
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: buffer))
    }
}

struct AnyEncodable: Encodable {
    let encodeValue: (Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode }
    func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}
