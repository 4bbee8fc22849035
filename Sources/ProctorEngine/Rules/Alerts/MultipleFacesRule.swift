/// Two or more usable faces. Confidence = the detection confidence of the second most confident face.
public struct MultipleFacesRule: EveryFrameRule {
    public struct Settings: ConfigSection {
        public var minFrames = 1

        public init() {}
        public static var fields: [ConfigField<Self>] { [.value("multipleFacesMinFrames", \.minFrames)] }
        public func validate() throws { try ConfigCheck.frames(minFrames, "multiple_faces_min_frames") }
    }

    public let type = AlertType.multipleFacesDetected
    public let severity = Severity.critical
    public let minFrames: Int

    public init(_ settings: Settings) { minFrames = settings.minFrames }

    public func confidence(for frame: FrameAssessment) -> Double? {
        guard frame.usableFaces.count >= 2 else { return nil }
        return frame.usableFaces.map(\.confidence).sorted(by: >)[1]
    }

    public func details(for frame: FrameAssessment) -> EventDetails? {
        EventDetails(faceCount: frame.usableFaces.count)
    }
}
