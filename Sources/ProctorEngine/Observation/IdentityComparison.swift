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
