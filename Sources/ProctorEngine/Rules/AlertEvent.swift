/// The frame chosen to show an event: the one with its highest confidence.
public struct Evidence: Codable, Sendable, Equatable {
    public var frameIndex: Int
    public var timestamp: Double
    /// Path of the JPEG written for it (nil when no evidence folder was given or writing failed).
    public var path: String?
}

/// What an event reports about its evidence frame beyond times and confidence. Only the fields that apply are set.
public struct EventDetails: Codable, Sendable, Equatable {
    public var faceCount: Int?
    public var personCount: Int?
    public var objectLabel: String?
    public var objectBox: BoundingBox?
    public var textRegions: Int?
    /// Text read inside the regions (only with OCR enabled).
    public var text: [String]?
    public var identityDistance: Double?
    public var identityThreshold: Double?
    /// The frame whose face is the identity reference (nil when the reference came from an image).
    public var referenceFrameIndex: Int?

    public init(
        faceCount: Int? = nil, personCount: Int? = nil, objectLabel: String? = nil,
        objectBox: BoundingBox? = nil, textRegions: Int? = nil, text: [String]? = nil,
        identityDistance: Double? = nil, identityThreshold: Double? = nil, referenceFrameIndex: Int? = nil
    ) {
        self.faceCount = faceCount
        self.personCount = personCount
        self.objectLabel = objectLabel
        self.objectBox = objectBox
        self.textRegions = textRegions
        self.text = text
        self.identityDistance = identityDistance
        self.identityThreshold = identityThreshold
        self.referenceFrameIndex = referenceFrameIndex
    }
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
    /// About the evidence frame: the object, the identity distance, the counts.
    public var details: EventDetails?

    public var duration: Double { end - start }
}

/// An alert as one frame reports it: an event that had been raised and that this frame belongs to.
public struct FrameAlert: Codable, Sendable, Equatable {
    public var type: AlertType
    public var severity: Severity
    public var confidence: Double
    public var eventId: String
}
