/// Two faces' descriptors compared: the verdict of `proctor verify-id` and `POST /api/verify-document`.
public struct IdentityComparison: Codable, Sendable, Equatable {
    /// distance <= threshold.
    public var samePerson: Bool
    /// Euclidean distance between the two descriptor vectors.
    public var distance: Double
    public var threshold: Double
    /// clamp(1 - distance / (2 x threshold)): 1 identical, 0.5 at the threshold, 0 at twice the threshold.
    public var similarity: Double

    /// nil when either descriptor has no vector (a backend that compares faces itself).
    public init?(_ a: IdentityDescriptor, _ b: IdentityDescriptor, threshold: Double? = nil) {
        guard let first = a.vector, let second = b.vector, first.count == second.count else { return nil }
        distance = IdentityDescriptor.distance(first, second)
        self.threshold = threshold ?? a.sameThreshold
        samePerson = distance <= self.threshold
        similarity = min(1, max(0, 1 - distance / (2 * self.threshold)))
    }
}

/// The answer of `proctor verify-id` and `POST /api/verify-document`: the comparison and the two faces it compared.
public struct IdentityVerdict: Encodable, Sendable {
    public struct Face: Encodable, Sendable {
        /// The image file, when the faces came from files.
        public var file: String?
        public var box: BoundingBox
        public var confidence: Double
        /// Other usable faces in the image: the face compared was the only one (0) or clearly the largest.
        public var otherFaces: Int

        public init(file: String? = nil, _ face: FaceObservation, otherFaces: Int = 0) {
            self.file = file
            box = face.box
            confidence = face.confidence
            self.otherFaces = otherFaces
        }
    }

    public var comparison: IdentityComparison
    public var document: Face
    public var live: Face
    /// The models behind the descriptors, when the caller lists them.
    public var model: [ModelInfo]?

    public init(comparison: IdentityComparison, document: Face, live: Face, model: [ModelInfo]? = nil) {
        self.comparison = comparison
        self.document = document
        self.live = live
        self.model = model
    }

    enum CodingKeys: String, CodingKey { case document, live, model }

    /// Flat: `same_person`, `distance`, `threshold`, `similarity` next to `document`, `live` (and `model`).
    public func encode(to encoder: Encoder) throws {
        try comparison.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(document, forKey: .document)
        try container.encode(live, forKey: .live)
        try container.encodeIfPresent(model, forKey: .model)
    }
}
