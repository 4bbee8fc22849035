/// Engagement below the threshold. Confidence = face confidence x (1 - engagement / threshold).
public struct LowEngagementRule: EveryFrameRule {
    public struct Settings: ConfigSection {
        public var minFrames = 10
        /// Engagement (0-100) under which a frame counts toward low_engagement.
        public var below = 40.0

        public init() {}
        public static var fields: [ConfigField<Self>] {
            [.value("lowEngagementMinFrames", \.minFrames), .value("lowEngagementBelow", \.below)]
        }

        public func validate() throws {
            try ConfigCheck.frames(minFrames, "low_engagement_min_frames")
            guard (0...100).contains(below) else {
                throw ConfigError.invalid("low_engagement_below must lie in 0...100")
            }
        }
    }

    public let type = AlertType.lowEngagement
    public let severity = Severity.info
    public let minFrames: Int
    public let below: Double

    public init(_ settings: Settings) {
        minFrames = settings.minFrames
        below = settings.below
    }

    public func confidence(for frame: FrameAssessment) -> Double? {
        guard let face = frame.primaryFace, let engagement = frame.metrics.engagement, engagement < below else {
            return nil
        }
        return face.confidence * (1 - engagement / below)
    }
}
