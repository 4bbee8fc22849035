/// Two or more people detected while fewer than two usable faces are seen: someone whose face is turned away or
/// hidden is still a second person. (Two or more faces raise `multiple_faces_detected` instead.)
/// Confidence = the second most confident person detection.
public struct MultiplePeopleRule: AlertRule {
    public struct Settings: ConfigSection {
        /// A person detection counts from this confidence (every sampled frame of v09 has a person at 0.87 or more).
        public var personMinConfidence = 0.5
        public var minFrames = 2

        public init() {}
        public static var fields: [ConfigField<Self>] {
            [.value("personMinConfidence", \.personMinConfidence), .value("multiplePeopleMinFrames", \.minFrames)]
        }

        public func validate() throws {
            try ConfigCheck.unit(personMinConfidence, "person_min_confidence")
            try ConfigCheck.frames(minFrames, "multiple_people_min_frames")
        }
    }

    /// The labels that name a person: "person" (COCO, local backend) and "Person" (Rekognition).
    public static let personLabels: Set<String> = ["person", "Person"]

    public let type = AlertType.multiplePeopleDetected
    public let severity = Severity.warning
    public let minFrames: Int
    public let personMinConfidence: Double

    public init(_ settings: Settings) {
        minFrames = settings.minFrames
        personMinConfidence = settings.personMinConfidence
    }

    func people(in frame: FrameAssessment) -> [Double]? {
        frame.observation.objects.map { objects in
            objects.filter { Self.personLabels.contains($0.label) && $0.confidence >= personMinConfidence }
                .map(\.confidence).sorted(by: >)
        }
    }

    public func verdict(for frame: FrameAssessment) -> RuleVerdict {
        guard let people = people(in: frame), frame.detectorsTrusted else { return .notJudged }
        guard people.count >= 2, frame.usableFaces.count < 2 else { return .clear }
        return .holds(people[1])
    }

    public func details(for frame: FrameAssessment) -> EventDetails? {
        EventDetails(faceCount: frame.usableFaces.count, personCount: people(in: frame)?.count)
    }
}
