/// Visible text regions at or above the confidence and area thresholds, not centred on a usable face (the text
/// detector fires on faces as confidently as on text: eyes, a grimace). Confidence = the best region's.
public struct TextDetectedRule: AlertRule {
    public struct Settings: ConfigSection {
        /// Text regions count from this confidence and this share of the frame's area.
        public var minConfidence = 0.7
        public var minArea = 0.002
        public var minFrames = 1

        public init() {}
        public static var fields: [ConfigField<Self>] {
            [
                .value("textMinConfidence", \.minConfidence), .value("textMinArea", \.minArea),
                .value("textDetectedMinFrames", \.minFrames),
            ]
        }

        public func validate() throws {
            try ConfigCheck.unit(minConfidence, "text_min_confidence")
            try ConfigCheck.unit(minArea, "text_min_area")
            try ConfigCheck.frames(minFrames, "text_detected_min_frames")
        }

        /// A text region counts when it reaches `text_min_confidence` and covers `text_min_area` of the frame.
        public func isSizable(_ region: TextObservation) -> Bool {
            region.confidence >= minConfidence && region.box.area >= minArea
        }
    }

    public let type = AlertType.textDetected
    public let severity = Severity.info
    public let minFrames: Int
    let settings: Settings

    public init(_ settings: Settings) {
        minFrames = settings.minFrames
        self.settings = settings
    }

    func regions(in frame: FrameAssessment) -> [TextObservation]? {
        frame.observation.text?.filter { region in settings.isSizable(region) && !frame.isOnUsableFace(region) }
    }

    public func verdict(for frame: FrameAssessment) -> RuleVerdict {
        guard let regions = regions(in: frame), frame.detectorsTrusted else { return .notJudged }
        return regions.map(\.confidence).max().map { .holds($0) } ?? .clear
    }

    public func details(for frame: FrameAssessment) -> EventDetails? {
        guard let regions = regions(in: frame) else { return nil }
        let read = regions.compactMap(\.text).filter { !$0.isEmpty }
        return EventDetails(textRegions: regions.count, text: read.isEmpty ? nil : read)
    }
}
