import Foundation
import ProctorEngine

/// One picture the object detector examined: a still, or a sampled video frame it ran on.
struct ObjectSample: Encodable {
    /// The still or video file (relative to the media folder): the unit of the leave-one-out estimate.
    var source: String
    /// Video frame time; nil for a still.
    var time: Double?
    /// "original" or the robustness variant's name.
    var variant: String
    /// The labels true on this picture (for a video frame: the rows covering its time).
    var labels: Set<String>
    /// The highest score of each suspicious class on it.
    var scores: [String: Double]
    /// A `suspicious_object` alert was active on it.
    var alerted: Bool

    /// Labels that put a suspicious object in view: media carrying one is not object-free.
    static let objectLabels: Set<String> = ["phone", "book", "paper_notes"]

    var isObjectFree: Bool { labels.isDisjoint(with: Self.objectLabels) }

    /// The samples of evaluated stills.
    static func stills(_ outcomes: [StillOutcome], variant: String) -> [ObjectSample] {
        outcomes.map {
            ObjectSample(
                source: $0.file, time: nil, variant: variant, labels: Set($0.labels), scores: $0.bestObjectScores,
                alerted: !$0.suspiciousObjectEvents.isEmpty)
        }
    }

    /// The samples of evaluated videos: the frames the object detector ran on.
    static func frames(of videos: [VideoOutcome], labels: LabelSet, variant: String) -> [ObjectSample] {
        videos.flatMap { frames(of: $0, rows: labels.rows(of: $0.file), variant: variant) }
    }

    private static func frames(of video: VideoOutcome, rows: [LabelRow], variant: String) -> [ObjectSample] {
        video.frames.compactMap { frame in
            guard let scores = frame.bestObjectScores else { return nil }
            let labels = rows.filter { row in
                guard let start = row.start, let end = row.end else { return true }
                return frame.time >= start && frame.time <= end
            }.map(\.label)
            return ObjectSample(
                source: video.file, time: frame.time, variant: variant, labels: Set(labels), scores: scores,
                alerted: frame.alerts.contains(AlertType.suspiciousObject.rawValue))
        }
    }
}

/// How the per-class suspicious-object thresholds follow from the measurements, written before the numbers were
/// seen: a class's threshold is the smallest multiple of `step` above the highest score that class reached on any
/// object-free picture (every original and every robustness variant), and at least `minimum`. Chosen for
/// precision: the aim is no alert on object-free media, at the cost of the objects scored no higher than that.
///
/// How that rule generalises is estimated leave-one-source-out: each object-free still or video in turn is left
/// out, the rule is applied to the others, and the left-out source counts as a false alarm when any of its pictures
/// reaches that threshold.
struct ObjectThresholdRule {
    static let step = 0.05
    static let minimum = 0.1

    let samples: [ObjectSample]
    let config: ProctorConfig

    /// The suspicious classes of the local backend, in name order.
    var classes: [String] { config.suspiciousObject.localLabels.keys.sorted() }

    /// The rule's threshold for `label` from `samples`.
    static func threshold(for label: String, over samples: [ObjectSample]) -> Double {
        let highest = samples.filter(\.isObjectFree).compactMap { $0.scores[label] }.max() ?? 0
        // Multiples of the step, rounded to hundredths so 7 x 0.05 is 0.35 and not 0.35000000000000003.
        let candidate = { (steps: Double) in (steps * step * 100).rounded() / 100 }
        var steps = (highest / step).rounded(.down)
        while candidate(steps) <= highest { steps += 1 }
        return max(minimum, candidate(steps))
    }

    struct ClassResult: Encodable {
        var label: String
        var configured: Double?
        var ruleThreshold: Double
        /// The highest score on object-free media and where it was.
        var highestObjectFree: Double?
        var highestObjectFreeAt: String?
        /// Object-free sources that would raise at the threshold the rule gives without them.
        var leaveOneOutFalseAlarms: Proportion
        var leaveOneOutSources: [String]
    }

    /// Object-free sources, in name order.
    private var sources: [String] { Array(Set(samples.filter(\.isObjectFree).map(\.source))).sorted() }

    /// Whether `source` reaches, on some picture, the threshold the rule gives for `label` without it.
    private func raisesWhenLeftOut(_ source: String, _ label: String) -> Bool {
        let held = Self.threshold(for: label, over: samples.filter { $0.source != source })
        return samples.contains { $0.source == source && $0.isObjectFree && ($0.scores[label] ?? 0) >= held }
    }

    var results: [ClassResult] {
        classes.map { label in
            let free = samples.filter { $0.isObjectFree && $0.scores[label] != nil }
            let top = free.max { $0.scores[label]! < $1.scores[label]! }
            let alarms = sources.filter { raisesWhenLeftOut($0, label) }
            return ClassResult(
                label: label, configured: config.suspiciousObject.localLabels[label],
                ruleThreshold: Self.threshold(for: label, over: samples),
                highestObjectFree: top?.scores[label], highestObjectFreeAt: top.map(Self.place),
                leaveOneOutFalseAlarms: Proportion(alarms.count, of: sources.count), leaveOneOutSources: alarms)
        }
    }

    /// Object-free sources that would raise on some class when left out: the estimate for the alert as a whole.
    var anyClassLeaveOneOut: (alarms: Proportion, sources: [String]) {
        let alarms = sources.filter { source in classes.contains { raisesWhenLeftOut(source, $0) } }
        return (Proportion(alarms.count, of: sources.count), alarms)
    }

    /// "images/b05.png (mirrored)" or "videos/v05.mp4 at 3.5 s (crf35)".
    static func place(_ sample: ObjectSample) -> String {
        let time = sample.time.map { " at \(Format.seconds($0)) s" } ?? ""
        return "\(Format.name(sample.source))\(time) (\(sample.variant))"
    }
}
