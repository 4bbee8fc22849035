import Foundation

/// Every threshold the engine uses, composed of the sections that own them: one per rule (in `Rules/Alerts/`, next
/// to the rule) and the shared ones (which faces are usable, picture quality, the gaze baseline, the session, the
/// review priority). Defaults are the seed's; a JSON file (`--config`) overrides any subset, with the flat snake_case
/// keys of `samples/proctor-config.json`. Unknown keys are an error, so a typo never silently falls back to a default.
public struct ProctorConfig: Codable, Sendable, Equatable {
    public var faces = FaceUsability()
    public var quality = PictureQuality()
    public var baseline = GazeBaseline.Settings()
    public var session = ProctorSession.Settings()
    public var noFace = NoFaceRule.Settings()
    public var multipleFaces = MultipleFacesRule.Settings()
    public var lookingAway = LookingAwayRule.Settings()
    public var lowEngagement = LowEngagementRule.Settings()
    public var insufficientEvidence = InsufficientEvidenceRule.Settings()
    public var suspiciousObject = SuspiciousObjectRule.Settings()
    public var multiplePeople = MultiplePeopleRule.Settings()
    public var textDetected = TextDetectedRule.Settings()
    public var faceMismatch = FaceMismatchRule.Settings()
    public var review = ReviewPriority.Settings()

    public init() {}

    /// The rules with this configuration's thresholds, in the order their events are reported.
    public var rules: [any AlertRule] {
        [
            NoFaceRule(noFace), MultipleFacesRule(multipleFaces), LookingAwayRule(lookingAway),
            LowEngagementRule(lowEngagement), InsufficientEvidenceRule(insufficientEvidence),
            SuspiciousObjectRule(suspiciousObject), MultiplePeopleRule(multiplePeople), TextDetectedRule(textDetected),
            FaceMismatchRule(faceMismatch),
        ]
    }

    /// Every section, for writing, checking and listing keys.
    private var sections: [any ConfigSection] {
        [
            faces, quality, baseline, session, noFace, multipleFaces, lookingAway, lowEngagement, insufficientEvidence,
            suspiciousObject, multiplePeople, textDetected, faceMismatch, review,
        ]
    }

    public init(from decoder: Decoder) throws {
        try Self.rejectUnknownKeys(in: decoder, known: Set(ProctorConfig().sections.flatMap { Self.keys(of: $0) }))
        faces = try FaceUsability(from: decoder)
        quality = try PictureQuality(from: decoder)
        baseline = try GazeBaseline.Settings(from: decoder)
        session = try ProctorSession.Settings(from: decoder)
        noFace = try NoFaceRule.Settings(from: decoder)
        multipleFaces = try MultipleFacesRule.Settings(from: decoder)
        lookingAway = try LookingAwayRule.Settings(from: decoder)
        lowEngagement = try LowEngagementRule.Settings(from: decoder)
        insufficientEvidence = try InsufficientEvidenceRule.Settings(from: decoder)
        suspiciousObject = try SuspiciousObjectRule.Settings(from: decoder)
        multiplePeople = try MultiplePeopleRule.Settings(from: decoder)
        textDetected = try TextDetectedRule.Settings(from: decoder)
        faceMismatch = try FaceMismatchRule.Settings(from: decoder)
        review = try ReviewPriority.Settings(from: decoder)
        try validate()
    }

    public func encode(to encoder: Encoder) throws {
        for section in sections { try section.encode(to: encoder) }
    }

    /// Rejects values no rule can work with (zero-frame runs, inverted brightness range, ...).
    public func validate() throws {
        for section in sections { try section.validate() }
    }

    private static func keys(of section: some ConfigSection) -> [String] { type(of: section).keys }

    private static func rejectUnknownKeys(in decoder: Decoder, known: Set<String>) throws {
        let container = try decoder.container(keyedBy: ConfigKey.self)
        if let unknown = container.allKeys.map(\.stringValue).first(where: { !known.contains($0) }) {
            throw DecodingError.dataCorruptedError(
                forKey: ConfigKey(unknown), in: container,
                debugDescription: "unknown setting '\(unknown)'")
        }
    }

    /// Decodes a JSON configuration (snake_case keys); missing keys keep their defaults. Throws `ConfigError` for
    /// values that fail `validate()` and Foundation's `DecodingError` for JSON that is broken or of the wrong shape.
    public static func parse(_ data: Data) throws -> ProctorConfig {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ProctorConfig.self, from: data)
    }

    /// Reads a JSON configuration file; missing keys keep their defaults.
    public static func load(from url: URL) throws -> ProctorConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ConfigError.unreadable(url.path, error.localizedDescription)
        }
        do { return try parse(data) } catch let error as ConfigError {
            throw ConfigError.unreadable(url.path, error.description)
        } catch let DecodingError.dataCorrupted(context) {
            throw ConfigError.unreadable(url.path, context.debugDescription)
        } catch let DecodingError.typeMismatch(_, context) {
            throw ConfigError.unreadable(
                url.path, "wrong type for '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw ConfigError.unreadable(url.path, "\(error)")
        }
    }
}

/// Why a configuration could not be used.
public enum ConfigError: Error, CustomStringConvertible, Equatable {
    case invalid(String)
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .invalid(let reason): return "invalid configuration: \(reason)"
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        }
    }
}
