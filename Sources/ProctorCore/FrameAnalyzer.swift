/// A model file a backend uses, as the report lists it.
public struct ModelInfo: Codable, Sendable, Equatable {
    public var id: String
    public var file: String
    public var sha256: String
    /// Whether the file on disk matched the pinned checksum when the backend loaded it.
    public var verified: Bool

    public init(id: String, file: String, sha256: String, verified: Bool) {
        self.id = id
        self.file = file
        self.sha256 = sha256
        self.verified = verified
    }
}

/// The backend seam, the one every driver uses (a recording, a batch, a live session, the evaluation): turns a
/// frame into observations. Backends never decide alerts.
///
/// Per-stream state belongs to whoever drives the stream: the detector schedule (scene changes, face tracks, when
/// each costly detector last ran) is passed in, so one backend instance can serve many streams in turn. A new
/// stream starts from `schedule`, the backend's configured intervals.
///
/// A frame the backend could not analyse comes back as `FrameObservation.unanalysed` (the run goes on, coverage
/// drops); an error thrown from `analyze` means the backend cannot go on at all (the run stops).
public protocol FrameAnalyzer: AnyObject {
    /// Short backend name for the report ("local", "rekognition").
    var backendName: String { get }
    /// The models behind the observations, with their checksums.
    var models: [ModelInfo] { get }
    /// What the backend's work cost so far (billed calls), for backends that bill; nil otherwise.
    var usage: BackendUsage? { get }
    /// The schedule a new stream starts from: the detector intervals this backend was configured with.
    var schedule: DetectorSchedule { get }
    /// Observes one frame of a stream, on (and updating) that stream's schedule.
    func analyze(_ frame: Frame, schedule: inout DetectorSchedule) throws -> FrameObservation
}

extension FrameAnalyzer {
    public var usage: BackendUsage? { nil }
}

/// An error after which a backend cannot analyse any further frame (rejected credentials, missing permission): the
/// run stops at once and says what to fix, instead of producing a partial report. Other errors thrown by
/// `FrameAnalyzer.analyze` end the run early with a partial report.
public protocol RunStoppingError: Error {}

/// Billed calls made by a cloud backend during one run, and their cost at list price.
public struct BackendUsage: Codable, Sendable, Equatable {
    /// Calls that got an answer, per operation (a retried call counts once).
    public var calls: [String: Int]
    /// Calls that still failed after their retries, per operation.
    public var failedCalls: [String: Int]
    /// Extra attempts made by the retry policy, over all operations.
    public var retries: Int
    /// US dollars per successful call, per operation, as used for `estimatedCostUsd`.
    public var pricePerCallUsd: [String: Double]
    /// Sum over operations of calls x price.
    public var estimatedCostUsd: Double
    /// Where the prices come from.
    public var priceSource: String
    /// What went wrong in the failed calls, one line per failure, in order (the first 50).
    public var failures: [String] = []

    public init(
        calls: [String: Int], failedCalls: [String: Int], retries: Int, pricePerCallUsd: [String: Double],
        priceSource: String
    ) {
        self.calls = calls
        self.failedCalls = failedCalls
        self.retries = retries
        self.pricePerCallUsd = pricePerCallUsd
        self.priceSource = priceSource
        estimatedCostUsd = calls.reduce(0) { sum, entry in sum + Double(entry.value) * (pricePerCallUsd[entry.key] ?? 0)
        }
    }
}
