import Foundation

/// The AWS SDKs' "standard" retry behaviour: up to `maxAttempts` attempts in all; before retry n (1, 2, ...) a
/// sleep drawn uniformly from [0, min(maxBackoff, baseDelay x 2^(n-1))] ("full jitter"). Retried: throttling errors,
/// HTTP 5xx, timeouts and connection failures. Not retried: other client errors (4xx).
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxBackoff: TimeInterval
    /// Draws a number in [0, 1) for the jitter.
    public var random: @Sendable () -> Double

    public init(
        maxAttempts: Int = 3, baseDelay: TimeInterval = 1, maxBackoff: TimeInterval = 20,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.random = random
    }

    /// The sleep before retry number `retry` (1 = the first retry).
    public func delay(beforeRetry retry: Int) -> TimeInterval {
        random() * min(maxBackoff, baseDelay * pow(2, Double(retry - 1)))
    }

    /// Error codes the SDKs treat as throttling.
    public static let throttlingCodes: Set<String> = [
        "ThrottlingException", "ProvisionedThroughputExceededException", "Throttling", "ThrottledException",
        "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "BandwidthLimitExceeded", "LimitExceededException",
    ]

    /// Whether an error answer is worth another attempt.
    public static func isRetryable(status: Int, code: String) -> Bool {
        throttlingCodes.contains(code) || status >= 500 || code == "RequestTimeout" || code == "RequestTimeoutException"
    }
}
