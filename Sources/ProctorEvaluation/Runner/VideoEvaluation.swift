import Foundation
import LocalVision
import Logging
import ProctorBackends
import ProctorEngine
import ProctorMedia
import ProctorPipeline

/// Passes frames to the real analyzer and keeps each observation (without pixels), so the evaluation can say why a
/// face was not usable.
final class ObservingAnalyzer: FrameAnalyzer {
    let inner: any FrameAnalyzer
    private(set) var observations: [Int: FrameObservation] = [:]

    init(_ inner: any FrameAnalyzer) { self.inner = inner }

    var backendName: String { inner.backendName }
    var models: [ModelInfo] { inner.models }

    var schedule: DetectorSchedule { inner.schedule }

    func analyze(_ frame: Frame, schedule: inout DetectorSchedule) throws -> FrameObservation {
        let observation = try inner.analyze(frame, schedule: &schedule)
        observations[observation.index] = observation
        return observation
    }
}

/// Runs every labelled video through `RecordingAnalysis` exactly as `proctor analyze` does (a fresh analyzer per
/// video with the default backend options, the default configuration) and scores its frames and events.
struct VideoEvaluation {
    var mediaRoot: URL
    let modelDirectory: URL
    let config: ProctorConfig
    let fps: Double
    let toolVersion: String
    let logger: Logger

    static let rawTextLabel = "text (raw regions)"

    /// Frame-level labels besides the expressions.
    static let frameLabels = PredictedLabels.faceCountLabels + ["looking_away", "phone", "text", rawTextLabel]

    func run(files: [String], labels: LabelSet) throws -> (outcomes: [VideoOutcome], models: [ModelInfo]) {
        var models: [ModelInfo] = []
        let outcomes = try files.enumerated().map { position, file in
            logger.info("video \(position + 1)/\(files.count): \(file)")
            let (outcome, used) = try evaluate(file, rows: labels.rows(of: file))
            models = used
            return outcome
        }
        return (outcomes, models)
    }

    private func evaluate(_ file: String, rows: [LabelRow]) throws -> (VideoOutcome, [ModelInfo]) {
        var options = LocalAnalysisOptions(config: config)
        options.objectMinScore = min(options.objectMinScore, PredictedLabels.objectScoreFloor)
        let analyzer = ObservingAnalyzer(try LocalAnalyzer(modelDirectory: modelDirectory, options: options))
        let analysis = RecordingAnalysis(fps: fps, config: config, evidenceDirectory: nil, toolVersion: toolVersion)
        let report = try analysis.run(path: mediaRoot.appendingPathComponent(file).path, analyzer: analyzer)
        let duration = report.input.durationSeconds ?? report.input.lastFrameSeconds
        let timeline = report.timeline
        let frameScores = frameScores(timeline, rows: rows, duration: duration)
        let intervalScores = intervalScores(report.events, rows: rows)
        let away = Self.spans(of: "looking_away", in: rows)
        let frames = timeline.map { record in
            var frame = summary(of: record, observation: analyzer.observations[record.index])
            switch VideoScoring.truth(at: record.timestamp, labelled: away, duration: duration) {
            case .positive: frame.labelledLookingAway = true
            case .negative: frame.labelledLookingAway = false
            case .excluded, .outOfScope: frame.labelledLookingAway = nil
            }
            return frame
        }
        let outcome = VideoOutcome(
            file: file, durationSeconds: duration, framesAnalysed: report.input.framesAnalysed,
            partialReason: report.input.partialReason, labels: Array(Set(rows.map(\.label))).sorted(), frames: frames,
            events: report.events.map {
                EventSummary(
                    type: $0.type.rawValue, start: $0.start, end: $0.end, peakConfidence: $0.peakConfidence,
                    objectLabel: $0.details?.objectLabel, identityDistance: $0.details?.identityDistance)
            },
            frameScores: frameScores, intervalScores: intervalScores,
            identityReferenceTime: report.identity?.referenceTimestamp,
            phoneEveryFrame: rows.contains { $0.label == "phone" }
                ? try phoneEveryFrame(file, rows: rows, duration: duration) : nil)
        return (outcome, report.backend.models)
    }

    /// Per-frame scores of every frame label (faces, gaze, phone, text, apparent expression) on one recording.
    private func frameScores(_ timeline: [FrameRecord], rows: [LabelRow], duration: Double?) -> [FrameLabelResult] {
        func spans(_ label: String) -> [TimeSpan] { Self.spans(of: label, in: rows) }
        func samples(_ records: [FrameRecord], _ predicate: (FrameRecord) -> Bool) -> [FrameSample] {
            records.map { FrameSample(time: $0.timestamp, predicted: predicate($0)) }
        }
        let withObjects = timeline.filter { $0.objects != nil }
        let withText = timeline.filter { $0.text != nil }
        let predictions: [(label: String, frames: [FrameSample])] = [
            ("one_face", samples(timeline) { $0.faceCount == 1 }),
            ("multiple_faces", samples(timeline) { $0.faceCount >= 2 }),
            ("no_face", samples(timeline) { $0.faceCount == 0 }),
            ("looking_away", samples(timeline) { $0.alerts.contains { $0.type == .lookingAway } }),
            ("phone", samples(withObjects, showsPhone)),
            ("text", samples(withText) { $0.alerts.contains { $0.type == .textDetected } }),
            (
                Self.rawTextLabel,
                samples(withText) { record in
                    record.text!.contains(where: config.textDetected.isSizable)
                }
            ),
        ]
        var scores = predictions.map { label, frames in
            VideoScoring.scoreFrames(
                label: label, frames: frames,
                labelled: spans(label == Self.rawTextLabel ? "text" : label), duration: duration)
        }
        let emotionScope = rows.filter { $0.label.hasPrefix("emotion=") }.compactMap { row in
            row.start.flatMap { start in row.end.map { TimeSpan(start: start, end: $0) } }
        }
        for label in PredictedLabels.emotionLabels {
            let frames = samples(timeline) { PredictedLabels.emotion($0.dominantEmotion) == label }
            scores.append(
                VideoScoring.scoreFrames(
                    label: label, frames: frames, labelled: spans(label),
                    scope: emotionScope, duration: duration))
        }
        return scores
    }

    /// Interval scores of every event kind on one recording.
    private func intervalScores(_ events: [AlertEvent], rows: [LabelRow]) -> [IntervalLabelResult] {
        PredictedLabels.intervalKinds.map { kind in
            VideoScoring.scoreIntervals(
                label: kind.label,
                predicted: events.filter {
                    PredictedLabels.matches($0, type: kind.event, objectLabel: kind.objectLabel)
                }
                .map { TimeSpan(start: $0.start, end: $0.end) },
                labelled: Self.spans(of: kind.label, in: rows), samplePeriod: 1 / fps)
        }
    }

    /// One analysed frame as the accuracy report lists it.
    private func summary(of record: FrameRecord, observation: FrameObservation?) -> FrameSummary {
        FrameSummary(
            index: record.index, time: record.timestamp, faceCount: record.faceCount,
            faces: (observation?.faces ?? []).map { face in
                FaceSummary(confidence: face.confidence, width: face.box.width, usable: config.faces.isUsable(face))
            },
            qualityVerdict: record.qualityVerdict.rawValue, alerts: record.alerts.map(\.type.rawValue),
            expression: record.dominantEmotion,
            bestObjectScores: record.objects.map { PredictedLabels.bestSuspiciousScores($0, config: config) },
            objectsExamined: record.objects != nil, textExamined: record.text != nil,
            bestTextScore: record.text?.map(\.confidence).max(), eyesOnlyYaw: eyesOnlyYaw(record))
    }

    /// The eye yaw off the baseline when the head alone stays within the looking-away angles.
    private func eyesOnlyYaw(_ record: FrameRecord) -> Double? {
        guard let gaze = record.gazeDeviation, let eyes = gaze.eyeYaw,
            abs(gaze.headYaw) <= config.lookingAway.yawDegrees, abs(gaze.headPitch) <= config.lookingAway.pitchDegrees
        else { return nil }
        return eyes
    }

    static func spans(of label: String, in rows: [LabelRow]) -> [TimeSpan] {
        rows.filter { $0.label == label }.compactMap { row in
            guard let start = row.start, let end = row.end else { return nil }
            return TimeSpan(start: start, end: end)
        }
    }

    /// A frame the object detector examined shows a phone: a "cell phone" at or above its threshold.
    private func showsPhone(_ record: FrameRecord) -> Bool {
        record.objects?.contains { $0.label == PredictedLabels.phoneObject && config.suspiciousObject.isSuspicious($0) }
            ?? false
    }

    /// Diagnostic: the same video with the object detector on every sampled frame (the default schedule runs it
    /// at intervals and on scene changes), phone scored frame by frame as above.
    private func phoneEveryFrame(_ file: String, rows: [LabelRow], duration: Double?) throws -> FrameLabelResult {
        var options = LocalAnalysisOptions(config: config, schedule: .everyFrame)
        options.expressions = false
        options.text = false
        options.identity = false
        let analyzer = try LocalAnalyzer(modelDirectory: modelDirectory, options: options)
        let analysis = RecordingAnalysis(fps: fps, config: config, evidenceDirectory: nil, toolVersion: toolVersion)
        let report = try analysis.run(path: mediaRoot.appendingPathComponent(file).path, analyzer: analyzer)
        let frames = report.timeline.filter { $0.objects != nil }.map {
            FrameSample(time: $0.timestamp, predicted: showsPhone($0))
        }
        return VideoScoring.scoreFrames(
            label: "phone", frames: frames, labelled: Self.spans(of: "phone", in: rows),
            duration: duration)
    }

    /// Frame-level results added up over the videos, for every label some video labelled or the tool predicted.
    static func totals(_ videos: [VideoOutcome]) -> [FrameLabelResult] {
        var order: [String] = []
        var totals: [String: FrameLabelResult] = [:]
        for video in videos {
            for result in video.frameScores {
                if let total = totals[result.label] {
                    totals[result.label] = total + result
                } else {
                    order.append(result.label)
                    totals[result.label] = result
                }
            }
        }
        return order.compactMap { totals[$0] }.filter { result in
            !result.label.hasPrefix("emotion=") || result.score.labelledPositives + result.score.predictedPositives > 0
        }
    }

    /// Interval results per label over the videos that carry that label; events in the other videos are counted apart.
    static func intervalSummaries(_ videos: [VideoOutcome]) -> [IntervalSummary] {
        PredictedLabels.intervalKinds.map { kind in
            var summary = IntervalSummary(
                label: kind.label,
                eventType: kind.event.rawValue + (kind.objectLabel.map { " (object_label \"\($0)\")" } ?? ""),
                videosScored: [], result: IntervalLabelResult(label: kind.label), eventsInOtherVideos: 0,
                missedIn: [], unmatchedIn: [])
            for video in videos {
                guard let result = video.intervalScores.first(where: { $0.label == kind.label }) else { continue }
                guard video.labels.contains(kind.label) else {
                    summary.eventsInOtherVideos += result.predictedIntervals
                    continue
                }
                summary.videosScored.append(video.file)
                summary.result = summary.result + result
                let name = URL(fileURLWithPath: video.file).lastPathComponent
                summary.missedIn += result.missed.map { "\(name) \(Format.span($0))" }
                summary.unmatchedIn += result.unmatched.map { "\(name) \(Format.span($0))" }
            }
            return summary
        }
    }
}
