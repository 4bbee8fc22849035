import Foundation

/// Assembles a `Report` from a finished session. Every number in it comes from the session's frames.
public enum ReportBuilder {
    public static func build(
        outcome: SessionOutcome, input: Report.InputInfo, backend: Report.BackendInfo,
        config: ProctorConfig, toolVersion: String, now: Date = Date()
    ) -> Report {
        let timeline = outcome.timeline
        return Report(
            generatedAt: ISO8601DateFormatter().string(from: now),
            tool: .init(name: "proctor", version: toolVersion),
            input: input, backend: backend, config: config,
            summary: summary(events: outcome.events, coverage: outcome.coverage),
            review: ReviewPriority.compute(events: outcome.events, coverage: outcome.coverage, config: config),
            coverage: coverage(outcome.coverage),
            quality: .init(
                meanBrightness: Statistics.mean(timeline.compactMap { $0.quality?.brightness }),
                meanSharpness: Statistics.mean(timeline.compactMap { $0.quality?.sharpness }),
                verdicts: Dictionary(grouping: timeline, by: { $0.qualityVerdict.rawValue }).mapValues(\.count)),
            baseline: outcome.baseline,
            metrics: metricSummaries(timeline),
            expressions: ExpressionSummary.build(from: timeline),
            identity: identity(outcome, config: config),
            events: outcome.events, timeline: timeline, notes: outcome.notes)
    }

    static func identity(_ outcome: SessionOutcome, config: ProctorConfig) -> Report.IdentitySummary? {
        guard let reference = outcome.identityReference else {
            // No reference at all: say so when a face was in view long enough that a swap could have gone unnoticed.
            let unverified = IdentitySpans.unverified(in: outcome.timeline)
            guard !unverified.isEmpty else { return nil }
            return .init(
                referenceSource: "none", comparisons: 0, threshold: config.faceMismatch.distanceThreshold,
                unverified: unverified)
        }
        let distances = outcome.timeline.compactMap(\.identityDistance)
        return .init(
            referenceSource: reference.source.rawValue, referenceFrameIndex: reference.frameIndex,
            referenceTimestamp: reference.timestamp, referenceEvidencePath: reference.evidencePath,
            comparisons: distances.count,
            threshold: config.faceMismatch.distanceThreshold ?? reference.descriptor.sameThreshold,
            maxDistance: distances.max(), meanDistance: Statistics.mean(distances),
            unverified: IdentitySpans.unverified(in: outcome.timeline))
    }

    static func summary(_ outcome: SessionOutcome) -> Report.Summary {
        summary(events: outcome.events, coverage: outcome.coverage)
    }

    static func summary(events: [AlertEvent], coverage: Coverage) -> Report.Summary {
        var counts = Dictionary(uniqueKeysWithValues: AlertType.allCases.map { ($0.rawValue, 0) })
        var seconds = Dictionary(uniqueKeysWithValues: AlertType.allCases.map { ($0.rawValue, 0.0) })
        for event in events {
            counts[event.type.rawValue, default: 0] += 1
            seconds[event.type.rawValue, default: 0] += event.duration
        }
        let bySeverity = Dictionary(grouping: events, by: { $0.severity.rawValue }).mapValues(\.count)
        let assessment: String
        if coverage.isInsufficient {
            assessment = "insufficient_evidence"
        } else if events.contains(where: { $0.severity >= .warning }) {
            assessment = "review_recommended"
        } else {
            assessment = "no_alerts"
        }
        return .init(
            assessment: assessment, alertCounts: counts, eventsBySeverity: bySeverity,
            alertSeconds: seconds)
    }

    static func coverage(_ coverage: Coverage) -> Report.CoverageReport {
        let categories: [Coverage.Category] = [.oneFace, .noFace, .multipleFaces, .poorQuality, .unanalysed]
        return .init(
            frames: coverage.frames,
            counts: Dictionary(
                uniqueKeysWithValues: categories.map {
                    ($0.rawValue, coverage.count(of: $0))
                }),
            shares: Dictionary(uniqueKeysWithValues: categories.map { ($0.rawValue, coverage.share($0)) }))
    }

    /// Per-metric summary over the frames where the metric exists; a metric no frame has is left out.
    public static func metricSummaries(_ timeline: [FrameRecord]) -> [String: Report.MetricSummary] {
        var values: [String: [Double]] = [:]
        for record in timeline {
            for (name, value) in record.metrics.named {
                if let value { values[name, default: []].append(value) }
            }
        }
        return values.compactMapValues(summarize)
    }

    static func summarize(_ values: [Double]) -> Report.MetricSummary? {
        guard let mean = Statistics.mean(values) else { return nil }
        var histogram = Array(repeating: 0, count: 10)
        for value in values { histogram[min(9, max(0, Int(value / 10)))] += 1 }
        return .init(
            frames: values.count, mean: mean, min: values.min()!, p10: Statistics.percentile(values, 10)!,
            median: Statistics.median(values)!, p90: Statistics.percentile(values, 90)!,
            max: values.max()!, histogram: histogram)
    }
}
