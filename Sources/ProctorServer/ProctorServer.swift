import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging

/// `proctor serve`: the live proctoring API (REST + WebSocket) over the engine, with SQLite storage.
public enum ProctorServer {
    /// Opens the storage, starts the analysis workers (one analyzer each, from `makeAnalyzer`) and serves until
    /// interrupted. `onListening` gets the bound port.
    public static func run(
        settings: ServerSettings, makeAnalyzer: () throws -> LiveAnalyzer, logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws {
        try settings.validate()
        let store = try SessionStore(directory: settings.dataDirectory)
        let application = try buildApplication(
            settings: settings, store: store, makeAnalyzer: makeAnalyzer,
            logger: logger, onListening: onListening)
        try await application.runService()
    }

    /// The application `run` serves: the routes, their middleware, the WebSocket stream, the guarded HTTP server
    /// and the retention service, over `store`. Tests drive it in process (HummingbirdTesting's `.router`).
    public static func buildApplication(
        settings: ServerSettings, store: SessionStore,
        makeAnalyzer: () throws -> LiveAnalyzer, logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws
        -> some ApplicationProtocol
    {
        let pool = try AnalysisPool(
            workers: settings.workers, capacity: settings.queueCapacity,
            makeAnalyzer: makeAnalyzer)
        let manager = SessionManager(store: store, pool: pool, settings: settings)

        let router = Router(context: ProctorRequestContext.self)
        addMiddlewares(to: router, settings: settings, logger: logger)
        APIRoutes(manager: manager).register(on: router)
        SessionsController(manager: manager).register(on: router.group("api/sessions"))
        let streamRouter = Router(context: ProctorRequestContext.self)
        addMiddlewares(to: streamRouter, settings: settings, logger: logger)
        StreamRoute(manager: manager).register(on: streamRouter)

        let webSocket = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(idleTimeout: ConnectionLimits.amount(settings.connections.idleTimeout)),
            ws: WebSocketServerConfiguration(maxFrameSize: settings.maxBodyBytes))
        var application = Application(
            router: router,
            server: .guardedHTTP1WebSocket(
                webSocketRouter: streamRouter, configuration: webSocket,
                limits: settings.connections),
            configuration: .init(
                address: .hostname(settings.host, port: settings.port), serverName: "proctor",
                availableConnectionsDelegate: MaximumAvailableConnections(
                    settings.connections.maxConnections)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? settings.port) },
            logger: logger)
        application.addServices(RetentionService(manager: manager, logger: logger))
        return application
    }

    private static func addMiddlewares(
        to router: Router<ProctorRequestContext>, settings: ServerSettings,
        logger: Logger
    ) {
        router.middlewares.add(CORSHeadersMiddleware(origins: settings.corsOrigins))
        router.middlewares.add(JSONErrorMiddleware(logger: logger))
        router.middlewares.add(APIKeyMiddleware(keys: settings.apiKeys))
    }
}
