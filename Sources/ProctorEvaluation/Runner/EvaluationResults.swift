import Foundation
import ProctorEngine

/// Everything `proctor eval` measured: what `--json` writes and what the Markdown report is rendered from.
public struct EvaluationResults: Encodable {
    struct Header: Encodable {
        var generatedAt: String
        var gitCommit: String
        /// Files `git status --porcelain` lists (changes not in the commit above).
        var uncommittedFiles: Int?
        var command: String
        var workingDirectory: String
        var mediaDirectory: String
        var modelsDirectory: String
        var fps: Double
        var models: [ModelInfo]
        /// The configuration every video ran with (the defaults).
        var config: ProctorConfig
        /// The configuration each still ran with (one frame, so the object and text rules need one frame).
        var stillConfig: ProctorConfig
        var stillDetectorOptions: DetectorOptions
        var videoDetectorOptions: DetectorOptions
        var seconds: Double
    }

    /// The backend options that decide what the detectors report at all.
    struct DetectorOptions: Encodable {
        var objectIntervalSeconds: Double
        var textIntervalSeconds: Double
        var identityIntervalSeconds: Double
        var objectMinScore: Double
        var textMinScore: Double
        var faceMinScoreForExpressionAndIdentity: Double
    }

    var header: Header
    var stills: [StillOutcome]
    var stillScores: [StillLabelResult]
    var identity: IdentityResults
    /// The labelled identity photo pairs (`identity/pairs.csv`), when the media folder has them.
    var identitySet: IdentitySetResults?
    var videos: [VideoOutcome]
    /// The videos changed the way unseen footage differs (mirrored, recompressed, smaller, darker, brighter, fewer
    /// frames), scored with the same labels.
    var variants: [VariantResults]
    /// The stills changed like the videos (mirrored, H.264, 360p, darker, brighter), scored with the same labels.
    var stillVariants: [StillVariantResults]
    /// Identity swaps spliced from the single-person videos, originals and variants.
    var splices: [SpliceOutcome]
    /// Every picture the object detector examined (originals and variants), and the thresholds they lead to.
    var objectSamples: [ObjectSample]
    var objectThresholds: [ObjectThresholdRule.ClassResult]
    /// Frame-level results per label, added up over the videos.
    var videoFrameScores: [FrameLabelResult]
    var videoIntervalScores: [IntervalSummary]
    var targets: [TargetCheck]

    /// How many accuracy targets were not met.
    public var missedTargets: Int { targets.filter { !$0.met }.count }

    /// One line per accuracy target: met or not, its name and numbers.
    public var targetLines: [String] {
        targets.map { "\($0.met ? "met" : "NOT met"): \($0.name): \($0.numbers)" }
    }
    var misses: [MissGroup]
}

/// One detected face, as far as the evaluation needs it.
struct FaceSummary: Codable, Equatable {
    var confidence: Double
    /// Width relative to the frame.
    var width: Double
    var usable: Bool
}

/// An object or text region the detectors reported.
struct DetectionSummary: Codable, Equatable {
    var label: String
    var confidence: Double
}

/// What the tool made of one still image.
struct StillOutcome: Encodable {
    var file: String
    var labels: [String]
    var predicted: [String]
    var width: Int
    var height: Int
    var qualityVerdict: String
    var faces: [FaceSummary]
    var usableFaces: Int
    var pose: HeadPose?
    /// Dominant expression of the candidate's face (the model's name) and its probability.
    var expression: String?
    var expressionProbability: Double?
    /// Labels of the suspicious_object events (one per event: the event names its best object).
    var suspiciousObjectEvents: [DetectionSummary]
    /// Every object at or above its class's suspicious threshold (there can be several; the event names one).
    var objectsAboveThreshold: [DetectionSummary]
    /// The highest score of each suspicious class the detector reported (from `PredictedLabels.objectScoreFloor`).
    var bestObjectScores: [String: Double]
    var bestPhoneScore: Double? { bestObjectScores[PredictedLabels.phoneObject] }
    var bestBookScore: Double? { bestObjectScores[PredictedLabels.bookObject] }
    var textDetected: Bool
    /// Regions the text rule counted (confidence, area, not on a usable face).
    var textRegionsCounted: Int
    /// Regions at or above the confidence and area thresholds that lie on a usable face (the rule ignores them).
    var textRegionsOnFaces: Int
    /// All regions the detector reported (it reports from its own floor up).
    var textRegionsReported: Int
    var bestTextScore: Double?
    var otherEvents: [String]
    /// The single usable face's identity descriptor (not written to JSON).
    var descriptor: [Float]?
    /// Notes of the file's label rows (not written to JSON).
    var notes: [String] = []

    var hasFaceCountLabel: Bool { labels.contains { PredictedLabels.faceCountLabels.contains($0) } }

    enum CodingKeys: String, CodingKey {
        case file, labels, predicted, width, height, qualityVerdict, faces, usableFaces, pose, expression
        case expressionProbability, suspiciousObjectEvents, objectsAboveThreshold, bestObjectScores
        case textDetected, textRegionsCounted, textRegionsOnFaces, textRegionsReported, bestTextScore, otherEvents
    }
}

/// Every pair of single-face stills with identity labels.
struct IdentityResults: Encodable {
    struct Pair: Encodable {
        var first: String
        var second: String
        var firstIdentity: String
        var secondIdentity: String
        var shouldMatch: Bool
        /// Descriptor distance; nil when either still gave no descriptor.
        var distance: Double?
        /// distance <= threshold (the engine calls a face different above it); nil without a distance.
        var saidSame: Bool?
        var correct: Bool
    }

    var threshold: Double
    var stills: [String]
    /// Stills that gave no descriptor (no single usable face, or the embedder refused the face).
    var withoutDescriptor: [String]
    var pairs: [Pair]
    /// Confusion counts: same person said same (tp), different said same (fp), same said different (fn),
    /// different said different (tn); pairs without a distance count as wrong in `notCompared`.
    var sameSaidSame: Int
    var differentSaidSame: Int
    var sameSaidDifferent: Int
    var differentSaidDifferent: Int
    var notCompared: Int
}

/// One sampled frame of a video, as far as the evaluation needs it.
struct FrameSummary: Encodable {
    var index: Int
    var time: Double
    var faceCount: Int
    var faces: [FaceSummary]
    var qualityVerdict: String
    var alerts: [String]
    var expression: String?
    /// The highest score of each suspicious class on this frame; nil when the object detector did not run on it.
    var bestObjectScores: [String: Double]?
    var bestPhoneScore: Double? { bestObjectScores?[PredictedLabels.phoneObject] }
    var objectsExamined: Bool
    var textExamined: Bool
    var bestTextScore: Double?
    /// The candidate's eye yaw off the baseline, when the eyes were measured and the head stayed within the
    /// looking-away angles (an eyes-only reading).
    var eyesOnlyYaw: Double? = nil
    /// Whether a `looking_away` row covers this frame (nil near a label boundary: not scored).
    var labelledLookingAway: Bool? = nil
}

/// One video: its frames, its events and its per-label results.
struct VideoOutcome: Encodable {
    var file: String
    var durationSeconds: Double?
    var framesAnalysed: Int
    var partialReason: String?
    var labels: [String]
    var frames: [FrameSummary]
    var events: [EventSummary]
    var frameScores: [FrameLabelResult]
    var intervalScores: [IntervalLabelResult]
    /// When the session took its identity reference (the first confident single face).
    var identityReferenceTime: Double?
    /// Diagnostic for videos labelled phone: the object detector on every sampled frame (not the default schedule).
    var phoneEveryFrame: FrameLabelResult?
}

struct EventSummary: Encodable {
    var type: String
    var start: Double
    var end: Double
    var peakConfidence: Double
    var objectLabel: String?
    var identityDistance: Double?
}

/// One interval label over the videos that carry it.
struct IntervalSummary: Encodable {
    var label: String
    var eventType: String
    /// Videos with at least one row of this label: recall and precision are counted over these only.
    var videosScored: [String]
    var result: IntervalLabelResult
    /// Events of this kind in videos without such labels (not counted in the precision).
    var eventsInOtherVideos: Int
    /// Where each missed / unmatched interval is.
    var missedIn: [String]
    var unmatchedIn: [String]
}

/// One accuracy target and whether it is met.
struct TargetCheck: Encodable {
    var name: String
    var requirement: String
    var met: Bool
    var numbers: String
}

/// The failures behind a target (or another label), by file.
struct MissGroup: Encodable {
    var title: String
    var items: [String]
}
