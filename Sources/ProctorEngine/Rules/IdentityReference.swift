/// Whose face the session expects. Set from a reference image (`--reference-face`) before the session starts, or
/// else taken from the first confident single-face frame whose identity was measured (the report says which).
public struct IdentityReference: Codable, Sendable, Equatable {
    public enum Source: String, Codable, Sendable {
        case referenceImage = "reference_image"
        case firstConfidentFace = "first_confident_face"
    }

    public var source: Source
    public var descriptor: IdentityDescriptor
    public var frameIndex: Int?
    public var timestamp: Double?
    /// JPEG of the reference frame, when evidence is written.
    public var evidencePath: String?

    public init(source: Source, descriptor: IdentityDescriptor, frameIndex: Int? = nil, timestamp: Double? = nil) {
        self.source = source
        self.descriptor = descriptor
        self.frameIndex = frameIndex
        self.timestamp = timestamp
    }

    /// Compares a face's descriptor with the reference; nil when neither a vector pair nor a backend-computed distance
    /// is available.
    func check(_ face: IdentityDescriptor, thresholdOverride: Double?) -> IdentityCheck? {
        let distance: Double
        if let own = face.distanceToReference {
            distance = own
        } else if let vector = face.vector, let reference = descriptor.vector, vector.count == reference.count {
            distance = IdentityDescriptor.distance(vector, reference)
        } else {
            return nil
        }
        return IdentityCheck(
            distance: distance, threshold: thresholdOverride ?? face.sameThreshold,
            referenceFrameIndex: frameIndex)
    }
}
