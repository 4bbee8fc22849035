import Foundation

/// Every threshold the engine uses. Defaults are the seed's; a JSON file (`--config`) overrides any subset,
/// with snake_case keys as in `samples/proctor-config.json`. Unknown keys are an error, so a typo never
/// silently falls back to a default.
public struct ProctorConfig: Codable, Sendable, Equatable {
    /// A face counts as usable when its detection confidence and relative width reach these values.
    public var minFaceConfidence = 0.6
    public var minFaceWidth = 0.03
    /// Frames below `minBrightness`, above `maxBrightness` or below `minSharpness` are too poor to judge.
    public var minBrightness = 20.0
    public var maxBrightness = 235.0
    public var minSharpness = 8.0
    /// Confident single-face frames whose median forms the candidate's head/eye baseline.
    public var baselineFrames = 5
    /// Confidence a face needs to count toward the baseline.
    public var baselineMinConfidence = 0.8
    /// Non-qualifying frames tolerated inside an event before it closes.
    public var mergeGapFrames = 1

    public var noFaceMinFrames = 3
    public var multipleFacesMinFrames = 1
    public var lookingAwayMinFrames = 5
    /// Gaze deviation from the baseline (head + eyes), in degrees, that counts as looking away.
    public var lookingAwayYawDegrees = 25.0
    public var lookingAwayPitchDegrees = 20.0
    public var lowEngagementMinFrames = 10
    /// Engagement (0-100) under which a frame counts toward low_engagement.
    public var lowEngagementBelow = 40.0
    public var insufficientEvidenceMinFrames = 3

    /// Object labels that raise `suspicious_object`, each with the confidence it needs. Defaults measured for the
    /// local backend's Yolo-Fastest on the shared media (docs/OBJECT_DETECTORS.md), whose scores are low for small
    /// objects:
    /// - "cell phone" 0.056: face-only stills reach at most 0.049 (a wristwatch); phones on a floor 0.063 and 0.078;
    ///   a phone held in the hands 0.07-0.17 on 3 of 5 sampled frames of v04, about 0.015 on the others (missed).
    /// - "book" 0.175: face-only stills at most 0.154; books on a shelf or held up 0.20-0.39; a flat cover 0.
    /// - "laptop" 0.25 and "tv" 0.25: face-only stills at most 0.009 and 0.014.
    public var suspiciousObjects: [String: Double] = [
        "cell phone": 0.056, "book": 0.175, "laptop": 0.25, "tv": 0.25,
    ]
    /// The same for the Rekognition backend, by DetectLabels label name (confidence 0-1 = Rekognition's / 100).
    /// Not measured on the shared media (no AWS account in CI): 0.7 is a conservative start above DetectLabels'
    /// own default floor of 0.55; tune it on your own recordings.
    public var rekognitionSuspiciousLabels: [String: Double] = [
        "Mobile Phone": 0.7, "Phone": 0.7, "Cell Phone": 0.7, "Book": 0.7, "Notebook": 0.7, "Paper": 0.7,
        "Document": 0.7, "Monitor": 0.7, "Screen": 0.7, "Laptop": 0.7, "Computer": 0.7, "Tablet Computer": 0.7,
    ]
    /// The phone threshold's margins are under 0.01 on both sides: two consecutive examined frames are required.
    public var suspiciousObjectMinFrames = 2
    /// A person detection counts toward `multiple_people_detected` from this confidence (every sampled frame of
    /// v09 has a person at 0.87 or more).
    public var personMinConfidence = 0.5
    public var multiplePeopleMinFrames = 2
    /// Text regions count from this confidence and this share of the frame's area.
    public var textMinConfidence = 0.7
    public var textMinArea = 0.002
    public var textDetectedMinFrames = 1
    /// Descriptor distance above which a face is a different person; nil = the backend's own threshold.
    public var identityDistanceThreshold: Double?
    public var faceMismatchMinFrames = 1
    /// Apparent facial expression analysis; false removes it from the analysis and the report entirely.
    public var expressions = true

    /// Review priority (`ReviewPriority`): per alert type, the weight of one event; per severity, a factor; the
    /// duration that adds one more weight; the scores from which a recording needs review or is high priority.
    public var reviewWeights: [String: Double] = [
        "no_face_detected": 1, "multiple_faces_detected": 2, "looking_away": 0.5, "low_engagement": 0.25,
        "insufficient_evidence": 0, "suspicious_object": 1.5, "multiple_people_detected": 2, "text_detected": 0.5,
        "face_mismatch": 3,
    ]
    public var reviewSeverityFactors: [String: Double] = ["info": 0.5, "warning": 1, "critical": 2]
    public var reviewDurationUnitSeconds = 10.0
    public var reviewNeedsReviewScore = 1.0
    public var reviewHighScore = 4.0

    public init() {}

    public init(from decoder: Decoder) throws {
        let defaults = ProctorConfig()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let present = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        let known = Set(CodingKeys.allCases.map(\.stringValue))
        if let unknown = present.first(where: { !known.contains($0) }) {
            throw DecodingError.dataCorruptedError(
                forKey: CodingKeys.minFaceConfidence, in: container,
                debugDescription: "unknown setting '\(unknown)'")
        }
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        minFaceConfidence = try value(.minFaceConfidence, defaults.minFaceConfidence)
        minFaceWidth = try value(.minFaceWidth, defaults.minFaceWidth)
        minBrightness = try value(.minBrightness, defaults.minBrightness)
        maxBrightness = try value(.maxBrightness, defaults.maxBrightness)
        minSharpness = try value(.minSharpness, defaults.minSharpness)
        baselineFrames = try value(.baselineFrames, defaults.baselineFrames)
        baselineMinConfidence = try value(.baselineMinConfidence, defaults.baselineMinConfidence)
        mergeGapFrames = try value(.mergeGapFrames, defaults.mergeGapFrames)
        noFaceMinFrames = try value(.noFaceMinFrames, defaults.noFaceMinFrames)
        multipleFacesMinFrames = try value(.multipleFacesMinFrames, defaults.multipleFacesMinFrames)
        lookingAwayMinFrames = try value(.lookingAwayMinFrames, defaults.lookingAwayMinFrames)
        lookingAwayYawDegrees = try value(.lookingAwayYawDegrees, defaults.lookingAwayYawDegrees)
        lookingAwayPitchDegrees = try value(.lookingAwayPitchDegrees, defaults.lookingAwayPitchDegrees)
        lowEngagementMinFrames = try value(.lowEngagementMinFrames, defaults.lowEngagementMinFrames)
        lowEngagementBelow = try value(.lowEngagementBelow, defaults.lowEngagementBelow)
        insufficientEvidenceMinFrames = try value(.insufficientEvidenceMinFrames,
                                                  defaults.insufficientEvidenceMinFrames)
        suspiciousObjects = try value(.suspiciousObjects, defaults.suspiciousObjects)
        rekognitionSuspiciousLabels = try value(.rekognitionSuspiciousLabels, defaults.rekognitionSuspiciousLabels)
        suspiciousObjectMinFrames = try value(.suspiciousObjectMinFrames, defaults.suspiciousObjectMinFrames)
        personMinConfidence = try value(.personMinConfidence, defaults.personMinConfidence)
        multiplePeopleMinFrames = try value(.multiplePeopleMinFrames, defaults.multiplePeopleMinFrames)
        textMinConfidence = try value(.textMinConfidence, defaults.textMinConfidence)
        textMinArea = try value(.textMinArea, defaults.textMinArea)
        textDetectedMinFrames = try value(.textDetectedMinFrames, defaults.textDetectedMinFrames)
        identityDistanceThreshold = try container.decodeIfPresent(Double.self, forKey: .identityDistanceThreshold)
        faceMismatchMinFrames = try value(.faceMismatchMinFrames, defaults.faceMismatchMinFrames)
        expressions = try value(.expressions, defaults.expressions)
        reviewWeights = try value(.reviewWeights, defaults.reviewWeights)
        reviewSeverityFactors = try value(.reviewSeverityFactors, defaults.reviewSeverityFactors)
        reviewDurationUnitSeconds = try value(.reviewDurationUnitSeconds, defaults.reviewDurationUnitSeconds)
        reviewNeedsReviewScore = try value(.reviewNeedsReviewScore, defaults.reviewNeedsReviewScore)
        reviewHighScore = try value(.reviewHighScore, defaults.reviewHighScore)
        try validate()
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case minFaceConfidence, minFaceWidth, minBrightness, maxBrightness, minSharpness, baselineFrames
        case baselineMinConfidence, mergeGapFrames, noFaceMinFrames, multipleFacesMinFrames, lookingAwayMinFrames
        case lookingAwayYawDegrees, lookingAwayPitchDegrees, lowEngagementMinFrames, lowEngagementBelow
        case insufficientEvidenceMinFrames, suspiciousObjects, rekognitionSuspiciousLabels, suspiciousObjectMinFrames
        case personMinConfidence
        case multiplePeopleMinFrames, textMinConfidence, textMinArea, textDetectedMinFrames
        case identityDistanceThreshold, faceMismatchMinFrames, expressions
        case reviewWeights, reviewSeverityFactors, reviewDurationUnitSeconds, reviewNeedsReviewScore, reviewHighScore
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Rejects values no rule can work with (zero-frame runs, inverted brightness range, ...).
    public func validate() throws {
        let frameCounts = [baselineFrames, noFaceMinFrames, multipleFacesMinFrames, lookingAwayMinFrames,
                           lowEngagementMinFrames, insufficientEvidenceMinFrames, suspiciousObjectMinFrames,
                           multiplePeopleMinFrames, textDetectedMinFrames, faceMismatchMinFrames]
        guard frameCounts.allSatisfy({ $0 >= 1 }), mergeGapFrames >= 0 else {
            throw ConfigError.invalid("frame counts must be at least 1 (merge_gap_frames at least 0)")
        }
        let unitValues = [minFaceConfidence, baselineMinConfidence, minFaceWidth, personMinConfidence,
                          textMinConfidence, textMinArea] + Array(suspiciousObjects.values) + Array(rekognitionSuspiciousLabels.values)
        guard unitValues.allSatisfy({ (0...1).contains($0) }) else {
            throw ConfigError.invalid("confidences, min_face_width and text_min_area must lie in 0...1")
        }
        guard (identityDistanceThreshold ?? 1) > 0 else {
            throw ConfigError.invalid("identity_distance_threshold must be positive")
        }
        guard minBrightness < maxBrightness else { throw ConfigError.invalid("min_brightness must be below max_brightness") }
        guard lookingAwayYawDegrees > 0, lookingAwayPitchDegrees > 0 else {
            throw ConfigError.invalid("looking-away angles must be positive")
        }
        let alertTypes = Set(AlertType.allCases.map(\.rawValue))
        if let unknown = reviewWeights.keys.sorted().first(where: { !alertTypes.contains($0) }) {
            throw ConfigError.invalid("review_weights: '\(unknown)' is not an alert type")
        }
        if let unknown = reviewSeverityFactors.keys.sorted().first(where: { Severity(rawValue: $0) == nil }) {
            throw ConfigError.invalid("review_severity_factors: '\(unknown)' is not a severity (info, warning, critical)")
        }
        guard (Array(reviewWeights.values) + Array(reviewSeverityFactors.values)).allSatisfy({ $0 >= 0 && $0.isFinite }),
              reviewDurationUnitSeconds > 0, reviewNeedsReviewScore > 0, reviewHighScore >= reviewNeedsReviewScore else {
            throw ConfigError.invalid("review weights and factors must be 0 or more, review_duration_unit_seconds "
                + "positive, and 0 < review_needs_review_score <= review_high_score")
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
            throw ConfigError.unreadable(url.path, "wrong type for '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
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
