import Foundation

/// The final report of one analysed recording (or live session). Rendered as JSON (this shape, snake_case keys)
/// or Markdown. Documented field by field in the README.
public struct Report: Codable, Sendable {
    public static let currentSchemaVersion = 1

    public var schemaVersion = Report.currentSchemaVersion
    public var generatedAt: String
    public var tool: ToolInfo
    public var input: InputInfo
    public var backend: BackendInfo
    public var config: ProctorConfig
    public var summary: Summary
    /// How urgently a reviewer should look, and which events made it so.
    public var review: ReviewPriority
    public var coverage: CoverageReport
    public var quality: QualitySummary
    public var baseline: BaselineSummary
    public var metrics: [String: MetricSummary]
    /// Absent when expressions are off (`--no-expressions`) or none were measured.
    public var expressions: ExpressionSummary?
    /// Absent when the backend measured no identity.
    public var identity: IdentitySummary?
    public var events: [AlertEvent]
    public var timeline: [FrameRecord]
    public var notes: [String]

    public struct ToolInfo: Codable, Sendable {
        public var name: String
        public var version: String
    }

    /// What was analysed and how it was sampled.
    public struct InputInfo: Codable, Sendable {
        public var file: String
        public var container: String?
        public var codec: String?
        /// Declared duration in seconds, when the container states one.
        public var durationSeconds: Double?
        /// Picture size as displayed (after rotation).
        public var width: Int
        public var height: Int
        /// Display rotation applied, degrees clockwise.
        public var rotation: Int
        public var sampledFps: Double
        public var framesAnalysed: Int
        /// Timestamp of the last frame analysed.
        public var lastFrameSeconds: Double?
        /// True when the input broke off before its end; `partialReason` says why.
        public var partial: Bool
        public var partialReason: String?

        public init(
            file: String, container: String?, codec: String?, durationSeconds: Double?, width: Int,
            height: Int, rotation: Int, sampledFps: Double, framesAnalysed: Int, lastFrameSeconds: Double?,
            partial: Bool, partialReason: String?
        ) {
            self.file = file
            self.container = container
            self.codec = codec
            self.durationSeconds = durationSeconds
            self.width = width
            self.height = height
            self.rotation = rotation
            self.sampledFps = sampledFps
            self.framesAnalysed = framesAnalysed
            self.lastFrameSeconds = lastFrameSeconds
            self.partial = partial
            self.partialReason = partialReason
        }
    }

    public struct BackendInfo: Codable, Sendable {
        public var name: String
        public var models: [ModelInfo]
        /// Billed calls and their estimated cost, for cloud backends; absent for the local one.
        public var usage: BackendUsage?

        public init(name: String, models: [ModelInfo], usage: BackendUsage? = nil) {
            self.name = name
            self.models = models
            self.usage = usage
        }
    }

    /// The overall reading and counts. `assessment` is `insufficient_evidence` when fewer than half the sampled frames
    /// could be judged (poor quality or unanalysed) or none were analysed, `review_recommended` when any warning or critical event
    /// exists, else `no_alerts`.
    public struct Summary: Codable, Sendable {
        public var assessment: String
        public var alertCounts: [String: Int]
        public var eventsBySeverity: [String: Int]
        public var alertSeconds: [String: Double]
    }

    public struct CoverageReport: Codable, Sendable {
        public var frames: Int
        public var counts: [String: Int]
        /// Share 0-1 of the sampled frames per category (one_face, no_face, multiple_faces, poor_quality,
        /// unanalysed).
        public var shares: [String: Double]
    }

    public struct QualitySummary: Codable, Sendable {
        public var meanBrightness: Double?
        public var meanSharpness: Double?
        /// Frames per quality verdict (ok, too_dark, too_bright, blurry, unknown).
        public var verdicts: [String: Int]
    }

    /// Who the session compared faces against, and how the comparisons went.
    public struct IdentitySummary: Codable, Sendable {
        /// `reference_image` (given with --reference-face), `first_confident_face` (the first confident single-face
        /// frame whose identity was measured) or `none` (no face was ever large and frontal enough to describe: the
        /// identity was never checked, see `unverified`).
        public var referenceSource: String
        public var referenceFrameIndex: Int?
        public var referenceTimestamp: Double?
        public var referenceEvidencePath: String?
        /// Frames whose single face was compared with the reference.
        public var comparisons: Int
        public var threshold: Double?
        public var maxDistance: Double?
        public var meanDistance: Double?
        /// Stretches of at least `IdentitySpans.minimumSeconds` where one usable face was in view but its identity was
        /// never compared (too small or too turned to judge, or no descriptor): no verdict, so a swap there would go
        /// unnoticed. Empty when every stretch was checked; nil in reports written before it was measured.
        public var unverified: [TimeSpan]?
    }

    /// A metric over the frames where it could be computed.
    public struct MetricSummary: Codable, Sendable, Equatable {
        public var frames: Int
        public var mean: Double
        public var min: Double
        public var p10: Double
        public var median: Double
        public var p90: Double
        public var max: Double
        /// Frames per 10-point bucket: [0,10), [10,20), ... [90,100].
        public var histogram: [Int]
    }
}
