import Hummingbird
import HummingbirdWebSocket
import ProctorEngine

/// The request context of every route: Hummingbird's WebSocket-capable context, with responses encoded the report
/// family's way (snake_case, sorted keys; `ReportCoding`), so handlers return payload values directly.
struct ProctorRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>

    init(source: Source) {
        coreContext = .init(source: source)
        webSocket = .init()
    }

    var responseEncoder: ReportResponseEncoder { ReportResponseEncoder() }
}

/// Encodes a handler's return value as an `application/json` response with `ReportCoding`.
struct ReportResponseEncoder: ResponseEncoder {
    func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse.make(value)
    }
}
