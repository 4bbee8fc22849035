import ArgumentParser
import Foundation
import LocalVision
import ProctorBackends
import ProctorEngine
import ProctorMedia
import ProctorServer

extension LocalAnalyzer: LiveAnalyzer {}

/// `proctor serve`: the live proctoring API (REST + WebSocket), persisted in SQLite, with a demo page at `/`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the live proctoring API (REST + WebSocket) and the demo page.")

    @Option(help: "Address to listen on (beyond loopback only with --api-key or --insecure).")
    var host = "127.0.0.1"

    @Option(help: "Port (0 = any free port, printed on start).")
    var port = 5001

    @Option(help: "Data folder: the SQLite database and evidence JPEGs (default: $PROCTOR_DATA, else ./proctor-data).")
    var data: String?

    @Option(
        help: ArgumentHelp(
            "API key clients must send (X-API-Key or Authorization: Bearer); repeat for several. "
                + "Also read from PROCTOR_API_KEYS (comma-separated)."))
    var apiKey: [String] = []

    @Flag(help: "Allow listening beyond loopback without API keys.")
    var insecure = false

    @Option(help: "Allowed CORS origin; repeat for several (default: any origin, *).")
    var corsOrigin: [String] = []

    @Option(help: "Largest request body in megabytes.")
    var maxBodyMb: Double = 10

    @Option(help: "Largest uploaded picture in megapixels (checked before decoding).")
    var maxImageMegapixels: Double = 40

    @Option(help: "Seconds a client has to send a request head (from connecting, or from a request's first byte).")
    var headerTimeout: Double = 10

    @Option(help: "Seconds from a request head to the server's answer (bounds a body sent slowly).")
    var requestTimeout: Double = 60

    @Option(help: "Seconds a connection may stay with nothing read or written before it is closed.")
    var idleTimeout: Double = 60

    @Option(help: "Connections served at once; more wait in the listen backlog.")
    var maxConnections = 512

    @Option(help: "Delete sessions (and their evidence) started more than this many days ago.")
    var retentionDays: Double?

    @Option(help: "Analysis worker threads (each loads its own models).")
    var workers = 2

    @Option(help: "Frames waiting or in analysis across all sessions before new ones get 429.")
    var queue = 32

    @OptionGroup var configOptions: ConfigOptions

    @OptionGroup var modelOptions: ModelOptions

    @Flag(help: "Stop when the process that started this one exits (for test harnesses and supervisors).")
    var exitWithParent = false

    func validate() throws {
        guard maxBodyMb.isFinite, maxBodyMb > 0, maxBodyMb <= 1024 else {
            throw ValidationError("--max-body-mb must be above 0 and at most 1024")
        }
        guard maxImageMegapixels.isFinite, maxImageMegapixels > 0, maxImageMegapixels <= 1000 else {
            throw ValidationError("--max-image-megapixels must be above 0 and at most 1000")
        }
    }

    func run() async throws {
        let logger = Log.make("serve", quiet: false)
        if exitWithParent { ParentWatch.start() }
        OpenCVThreads.set(1)  // one analysis per worker thread; the workers are the parallelism
        let environment = ProcessInfo.processInfo.environment
        var settings = ServerSettings(
            dataDirectory: URL(
                fileURLWithPath: data ?? environment["PROCTOR_DATA"]
                    ?? "proctor-data"))
        settings.host = host
        settings.port = port
        settings.apiKeys = Set(
            apiKey
                + (environment["PROCTOR_API_KEYS"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        settings.insecure = insecure
        if !corsOrigin.isEmpty { settings.corsOrigins = corsOrigin }
        settings.maxBodyBytes = Int(maxBodyMb * 1_048_576)
        settings.maxImagePixels = Int(maxImageMegapixels * 1_000_000)
        settings.retentionDays = retentionDays
        settings.connections.headerTimeout = headerTimeout
        settings.connections.requestTimeout = requestTimeout
        settings.connections.idleTimeout = idleTimeout
        settings.connections.maxConnections = maxConnections
        settings.workers = workers
        settings.queueCapacity = queue
        settings.toolVersion = Proctor.version
        do {
            settings.config = try configOptions.load()
            let modelDirectory = try modelOptions.directory()
            let options = LocalAnalysisOptions(config: settings.config)
            let probe = try LocalAnalyzer(modelDirectory: modelDirectory, options: options)
            settings.backend = .init(name: probe.backendName, models: probe.models)
            var first: LocalAnalyzer? = probe
            let listening = settings
            try await ProctorServer.run(
                settings: settings,
                makeAnalyzer: {
                    if let analyzer = first {
                        first = nil
                        return analyzer
                    }
                    return try LocalAnalyzer(modelDirectory: modelDirectory, options: options)
                }, logger: logger,
                onListening: { port in
                    let keys = listening.apiKeys.isEmpty ? "no API keys" : "\(listening.apiKeys.count) API key(s)"
                    logger.info(
                        "listening on http://\(listening.host):\(port) (data \(listening.dataDirectory.path), \(listening.workers) workers, \(keys))"
                    )
                })
        } catch {
            throw CLIFailure(message: "\(error)")
        }
    }
}

/// Ends the process once its parent has gone: checked every second, the parent id changes when the parent exits
/// (the process is handed to init or a subreaper), however the parent died.
enum ParentWatch {
    static func start() {
        let parent = getppid()
        let thread = Thread {
            while getppid() == parent { Thread.sleep(forTimeInterval: 1) }
            exit(0)
        }
        thread.name = "proctor.parent-watch"
        thread.start()
    }
}
