/// The frame chosen to show an event: the one with its highest confidence.
public struct Evidence: Codable, Sendable, Equatable {
    public var frameIndex: Int
    public var timestamp: Double
    /// Path of the JPEG written for it (nil when no evidence folder was given or writing failed).
    public var path: String?
}

/// An alert as an interval: from the first to the last qualifying sampled frame.
public struct AlertEvent: Codable, Sendable, Equatable {
    public var id: String
    public var type: AlertType
    public var severity: Severity
    /// Timestamp of the first qualifying frame, seconds.
    public var start: Double
    /// Timestamp of the last qualifying frame, seconds.
    public var end: Double
    /// Timestamp of the frame at which the run reached the rule's frame count and the alert was raised.
    public var raisedAt: Double
    public var peakConfidence: Double
    public var meanConfidence: Double
    /// Indices of the qualifying sampled frames.
    public var frames: [Int]
    public var evidence: Evidence

    public var duration: Double { end - start }
}

/// An alert as one frame reports it: an event that had been raised and that this frame belongs to.
public struct FrameAlert: Codable, Sendable, Equatable {
    public var type: AlertType
    public var severity: Severity
    public var confidence: Double
    public var eventId: String
}
