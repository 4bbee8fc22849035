import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging

/// `proctor serve`: the live proctoring API (REST + WebSocket) over the engine, with SQLite storage.
public enum ProctorServer {
    /// Opens the storage, starts the analysis workers (one analyzer each, from `makeAnalyzer`), purges expired
    /// sessions (at start and hourly) and serves until interrupted. `onListening` gets the bound port.
    public static func run(settings: ServerSettings, makeAnalyzer: () throws -> LiveAnalyzer, logger: Logger,
                           onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        try settings.validate()
        let store = try SessionStore(directory: settings.dataDirectory)
        let pool = try AnalysisPool(workers: settings.workers, capacity: settings.queueCapacity,
                                    makeAnalyzer: makeAnalyzer)
        let manager = SessionManager(store: store, pool: pool, settings: settings)

        let router = Router(context: BasicWebSocketRequestContext.self)
        addMiddlewares(to: router, settings: settings, logger: logger)
        APIRoutes(manager: manager).register(on: router)
        let streamRouter = Router(context: BasicWebSocketRequestContext.self)
        addMiddlewares(to: streamRouter, settings: settings, logger: logger)
        StreamRoute(manager: manager).register(on: streamRouter)

        let webSocket = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(idleTimeout: ConnectionLimits.amount(settings.connections.idleTimeout)),
            ws: WebSocketServerConfiguration(maxFrameSize: settings.maxBodyBytes))
        let application = Application(
            router: router,
            server: .guardedHTTP1WebSocket(webSocketRouter: streamRouter, configuration: webSocket,
                                           limits: settings.connections),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "proctor",
                                 availableConnectionsDelegate: MaximumAvailableConnections(
                                     settings.connections.maxConnections)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? settings.port) },
            logger: logger)

        let retention = Task {
            while !Task.isCancelled {
                do {
                    let purged = try manager.purgeExpired()
                    if purged > 0 { logger.info("retention: deleted \(purged) expired session(s)") }
                } catch {
                    logger.error("retention purge failed: \(error)")
                }
                try await Task.sleep(for: .seconds(3600))
            }
        }
        defer { retention.cancel() }
        try await application.runService()
    }

    private static func addMiddlewares(to router: Router<BasicWebSocketRequestContext>, settings: ServerSettings,
                                       logger: Logger) {
        router.middlewares.add(CORSHeadersMiddleware(origins: settings.corsOrigins))
        router.middlewares.add(JSONErrorMiddleware(logger: logger))
        router.middlewares.add(APIKeyMiddleware(keys: settings.apiKeys))
    }
}
