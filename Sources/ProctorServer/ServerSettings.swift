import Foundation
import ProctorEngine
import ProctorFormats
import ProctorMedia

/// How `proctor serve` runs: where it listens, what it keeps, who may call it, and its limits.
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 5001
    public var dataDirectory: URL
    /// Accepted API keys; empty = no key needed (loopback only unless `insecure`).
    public var apiKeys: Set<String> = []
    public var insecure = false
    /// Allowed CORS origins; ["*"] = any (the seed's behaviour).
    public var corsOrigins = ["*"]
    public var maxBodyBytes = 10 << 20
    /// Largest picture an upload may declare (width x height), checked before decoding.
    public var maxImagePixels = 40_000_000
    /// Connection time limits and the connection cap.
    public var connections = ConnectionLimits()
    /// Nesting and size allowed in a session's `job_data`.
    public var jobDataLimits = JSONLimits()
    /// Sessions started longer ago than this are deleted with their evidence; nil = kept.
    public var retentionDays: Double?
    public var workers = 2
    /// Frames waiting or in analysis across all sessions before new ones get 429.
    public var queueCapacity = 32
    public var config = ProctorConfig()
    public var backend = Report.BackendInfo(name: "local", models: [])
    public var toolVersion = "dev"

    /// The limits every uploaded image is checked and decoded with.
    public var imageLimits: MediaLimits {
        var limits = MediaLimits()
        limits.maxPixels = maxImagePixels
        return limits
    }

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }

    /// Whether `host` only accepts connections from this machine.
    public var isLoopback: Bool { ["127.0.0.1", "::1", "localhost"].contains(host) }

    /// Refuses to expose an unauthenticated API beyond loopback unless told `--insecure`.
    public func validate() throws {
        guard isLoopback || !apiKeys.isEmpty || insecure else {
            throw SettingsError(
                "listening on \(host) without API keys: give --api-key (or PROCTOR_API_KEYS), "
                    + "or --insecure to allow it")
        }
        guard (0...65535).contains(port), workers >= 1, queueCapacity >= workers, maxBodyBytes > 0 else {
            throw SettingsError(
                "--port must be 0-65535 (0 = any free port), --workers at least 1, --queue at least --workers, "
                    + "--max-body-mb positive")
        }
        if let retentionDays, !(retentionDays.isFinite && retentionDays > 0 && retentionDays <= 36_500) {
            throw SettingsError("--retention-days must be above 0 and at most 36500")
        }
        guard connections.isValid else {
            throw SettingsError(
                "--header-timeout, --request-timeout and --idle-timeout must be above 0 and at most "
                    + "86400 s, --max-connections at least 1")
        }
    }
}

public struct SettingsError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
