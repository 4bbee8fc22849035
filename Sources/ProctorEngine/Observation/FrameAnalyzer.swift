/// A model file a backend uses, as the report lists it.
public struct ModelInfo: Codable, Sendable, Equatable {
    public var id: String
    public var file: String
    public var sha256: String
    /// Whether the file on disk matched the pinned checksum when the backend loaded it.
    public var verified: Bool

    public init(id: String, file: String, sha256: String, verified: Bool) {
        self.id = id
        self.file = file
        self.sha256 = sha256
        self.verified = verified
    }
}

/// The backend seam: turns a frame into observations. Backends never decide alerts.
public protocol FrameAnalyzer {
    /// Short backend name for the report ("local", "rekognition").
    var backendName: String { get }
    /// The models behind the observations, with their checksums.
    var models: [ModelInfo] { get }
    func analyze(_ frame: Frame) throws -> FrameObservation
}
