import Logging
import ServiceLifecycle

/// Deletes the sessions past the retention period (`--retention-days`): at start, then every `interval`, until the
/// application shuts down.
struct RetentionService: Service {
    let manager: SessionManager
    let logger: Logger
    var interval: Duration = .seconds(3600)

    /// Returns (without an error) when the application shuts down.
    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                purge()
                try? await Task.sleep(for: interval)
            }
        }
    }

    func purge() {
        do {
            let purged = try manager.purgeExpired()
            if purged > 0 { logger.info("retention: deleted \(purged) expired session(s)") }
        } catch {
            logger.error("retention purge failed: \(error)")
        }
    }
}
