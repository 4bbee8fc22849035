import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore

/// A server child channel with `ConnectionDeadlineHandler` first in its pipeline, in front of `Base`'s HTTP handlers,
/// and `MalformedRequestCatcher` after them.
struct DeadlineGuardedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let limits: ConnectionLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.pipeline.addHandler(ConnectionDeadlineHandler(limits: limits), position: .first).flatMap {
            base.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(MalformedRequestCatcher())
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with WebSocket upgrades (on `webSocketRouter`), every connection under `limits`' deadlines.
    static func guardedHTTP1WebSocket(
        webSocketRouter: Router<ProctorRequestContext>,
        configuration: HTTP1WebSocketUpgradeChannel.Configuration,
        limits: ConnectionLimits
    ) -> HTTPServerBuilder {
        let webSocketResponder = webSocketRouter.buildResponder()
        return HTTPServerBuilder { responder in
            DeadlineGuardedChannel(
                base: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder,
                    configuration: configuration),
                limits: limits)
        }
    }
}
