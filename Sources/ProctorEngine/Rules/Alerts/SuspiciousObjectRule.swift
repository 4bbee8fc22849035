/// An object of a suspicious class at or above that class's confidence threshold.
/// Confidence = the best such object's detection confidence.
public struct SuspiciousObjectRule: AlertRule {
    public struct Settings: ConfigSection {
        /// Object labels that raise `suspicious_object`, each with the confidence it needs. Defaults for the local
        /// backend's YOLOv4-tiny, chosen for precision by the rule `proctor eval` states and checks (the smallest
        /// multiple of 0.05 above the highest score of the class on object-free media, originals and robustness
        /// variants; docs/ACCURACY.md, "Suspicious objects"): "cell phone" 0.5 (a stage microphone reached 0.479),
        /// "book" 0.3 (an ID card 0.267), "laptop" 0.15, "tv" 0.5 (a printed notice 0.493). A phone lying in clear
        /// view scores 0.6-0.8; phones held in the hands score under 0.25 and are not caught.
        public var localLabels: [String: Double] = ["cell phone": 0.5, "book": 0.3, "laptop": 0.15, "tv": 0.5]
        /// The same for the Rekognition backend, by DetectLabels label name (confidence 0-1 = Rekognition's / 100).
        /// Not measured on the shared media (no AWS account in CI): 0.7 is a conservative start above DetectLabels'
        /// own default floor of 0.55; tune it on your own recordings.
        public var rekognitionLabels: [String: Double] = [
            "Mobile Phone": 0.7, "Phone": 0.7, "Cell Phone": 0.7, "Book": 0.7, "Notebook": 0.7, "Paper": 0.7,
            "Document": 0.7, "Monitor": 0.7, "Screen": 0.7, "Laptop": 0.7, "Computer": 0.7, "Tablet Computer": 0.7,
        ]
        /// Two consecutive examined frames (objects are looked for every few seconds): an object in view for a
        /// moment, or one misread frame, raises nothing.
        public var minFrames = 2

        public init() {}
        public static var fields: [ConfigField<Self>] {
            [
                .value("suspiciousObjects", \.localLabels), .value("rekognitionSuspiciousLabels", \.rekognitionLabels),
                .value("suspiciousObjectMinFrames", \.minFrames),
            ]
        }

        public func validate() throws {
            try ConfigCheck.frames(minFrames, "suspicious_object_min_frames")
            for (label, value) in localLabels { try ConfigCheck.unit(value, "suspicious_objects['\(label)']") }
            for (label, value) in rekognitionLabels {
                try ConfigCheck.unit(value, "rekognition_suspicious_labels['\(label)']")
            }
        }

        /// An object is suspicious when its label is in `suspicious_objects` (local backend, COCO names) or in
        /// `rekognition_suspicious_labels` (Rekognition's names) and it reaches that label's confidence. The two
        /// vocabularies do not overlap (COCO names are lower case, Rekognition's capitalised): one check serves both.
        public func isSuspicious(_ object: ObjectObservation) -> Bool {
            (localLabels[object.label] ?? rekognitionLabels[object.label]).map { object.confidence >= $0 } ?? false
        }
    }

    public let type = AlertType.suspiciousObject
    public let severity = Severity.warning
    public let minFrames: Int
    let settings: Settings

    public init(_ settings: Settings) {
        minFrames = settings.minFrames
        self.settings = settings
    }

    func bestObject(in frame: FrameAssessment) -> ObjectObservation? {
        frame.observation.objects?.filter(settings.isSuspicious).max { $0.confidence < $1.confidence }
    }

    public func verdict(for frame: FrameAssessment) -> RuleVerdict {
        guard frame.observation.objects != nil, frame.detectorsTrusted else { return .notJudged }
        return bestObject(in: frame).map { .holds($0.confidence) } ?? .clear
    }

    public func details(for frame: FrameAssessment) -> EventDetails? {
        bestObject(in: frame).map { EventDetails(objectLabel: $0.label, objectBox: $0.box) }
    }
}
