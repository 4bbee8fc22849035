/// How urgently a reviewer should look at a recording, computed from its events by a stated formula:
/// each event contributes weight(type) x severity factor(severity) x (1 + duration / duration unit), the score is the
/// sum, and the priority is `high` from `review_high_score`, `needs_review` from `review_needs_review_score`, else
/// `low`; `insufficient_evidence` when the coverage cannot support a verdict (no frame, or half or more of the frames
/// too poor to judge or not analysed). Apparent expression has no event and never contributes.
public struct ReviewPriority: Codable, Sendable, Equatable {
    /// Per alert type, the weight of one event; per severity, a factor; the duration that adds one more weight; the
    /// scores from which a recording needs review or is high priority.
    public struct Settings: ConfigSection {
        public var weights: [String: Double] = [
            "no_face_detected": 1, "multiple_faces_detected": 2, "looking_away": 0.5, "low_engagement": 0.25,
            "insufficient_evidence": 0, "suspicious_object": 1.5, "multiple_people_detected": 2, "text_detected": 0.5,
            "face_mismatch": 3,
        ]
        public var severityFactors: [String: Double] = ["info": 0.5, "warning": 1, "critical": 2]
        public var durationUnitSeconds = 10.0
        public var needsReviewScore = 1.0
        public var highScore = 4.0

        public init() {}
        public static var fields: [ConfigField<Self>] {
            [
                .value("reviewWeights", \.weights), .value("reviewSeverityFactors", \.severityFactors),
                .value("reviewDurationUnitSeconds", \.durationUnitSeconds),
                .value("reviewNeedsReviewScore", \.needsReviewScore), .value("reviewHighScore", \.highScore),
            ]
        }

        public func validate() throws {
            let alertTypes = Set(AlertType.allCases.map(\.rawValue))
            if let unknown = weights.keys.sorted().first(where: { !alertTypes.contains($0) }) {
                throw ConfigError.invalid("review_weights: '\(unknown)' is not an alert type")
            }
            if let unknown = severityFactors.keys.sorted().first(where: { Severity(rawValue: $0) == nil }) {
                throw ConfigError.invalid(
                    "review_severity_factors: '\(unknown)' is not a severity (info, warning, critical)")
            }
            guard (Array(weights.values) + Array(severityFactors.values)).allSatisfy({ $0 >= 0 && $0.isFinite }),
                durationUnitSeconds > 0, needsReviewScore > 0, highScore >= needsReviewScore
            else {
                throw ConfigError.invalid(
                    "review weights and factors must be 0 or more, review_duration_unit_seconds "
                        + "positive, and 0 < review_needs_review_score <= review_high_score")
            }
        }
    }

    public enum Level: String, Codable, Sendable, CaseIterable {
        case low
        case needsReview = "needs_review"
        case high
        case insufficientEvidence = "insufficient_evidence"
    }

    /// One event's share of the score.
    public struct Contribution: Codable, Sendable, Equatable {
        public var eventId: String
        public var type: AlertType
        public var severity: Severity
        public var durationSeconds: Double
        public var weight: Double
        public var severityFactor: Double
        public var contribution: Double
    }

    public var level: Level
    public var score: Double
    public var needsReviewScore: Double
    public var highScore: Double
    /// Every event with a non-zero contribution, largest first.
    public var contributions: [Contribution]

    /// The priority of a recording with these events and this coverage under `config`'s weights and thresholds.
    public static func compute(events: [AlertEvent], coverage: Coverage, config: ProctorConfig) -> ReviewPriority {
        let settings = config.review
        let contributions = events.map { event -> Contribution in
            let weight = settings.weights[event.type.rawValue] ?? 0
            let factor = settings.severityFactors[event.severity.rawValue] ?? 1
            let value = weight * factor * (1 + event.duration / settings.durationUnitSeconds)
            return Contribution(
                eventId: event.id, type: event.type, severity: event.severity,
                durationSeconds: event.duration, weight: weight, severityFactor: factor,
                contribution: value)
        }.filter { $0.contribution > 0 }.sorted { ($0.contribution, $1.eventId) > ($1.contribution, $0.eventId) }
        let score = contributions.reduce(0) { $0 + $1.contribution }
        let level: Level
        if coverage.isInsufficient {
            level = .insufficientEvidence
        } else if score >= settings.highScore {
            level = .high
        } else if score >= settings.needsReviewScore {
            level = .needsReview
        } else {
            level = .low
        }
        return ReviewPriority(
            level: level, score: score, needsReviewScore: settings.needsReviewScore,
            highScore: settings.highScore, contributions: contributions)
    }
}

extension Coverage {
    /// No frame, or half or more of the frames too poor to judge or not analysed by the backend.
    public var isInsufficient: Bool { frames == 0 || share(.poorQuality) + share(.unanalysed) >= 0.5 }
}

extension Report {
    /// The same report with its summary and review priority recomputed under `config` (its thresholds and review
    /// weights), from the stored events and coverage: no video is decoded again. The report's `config` becomes
    /// `config`.
    public func rescored(with config: ProctorConfig) -> Report {
        var copy = self
        let coverage = Coverage(report: self.coverage)
        copy.config = config
        copy.summary = ReportBuilder.summary(events: events, coverage: coverage)
        copy.review = ReviewPriority.compute(events: events, coverage: coverage, config: config)
        return copy
    }
}

extension Coverage {
    /// The counts a report stored.
    init(report: Report.CoverageReport) {
        self.init()
        frames = report.frames
        oneFace = report.counts[Category.oneFace.rawValue] ?? 0
        noFace = report.counts[Category.noFace.rawValue] ?? 0
        multipleFaces = report.counts[Category.multipleFaces.rawValue] ?? 0
        poorQuality = report.counts[Category.poorQuality.rawValue] ?? 0
        unanalysed = report.counts[Category.unanalysed.rawValue] ?? 0
    }
}
