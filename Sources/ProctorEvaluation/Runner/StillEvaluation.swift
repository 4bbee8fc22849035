import Foundation
import LocalVision
import Logging
import ProctorBackends
import ProctorEngine
import ProctorMedia

/// Runs every labelled still through the real analyzer (every detector on every image) and a fresh one-frame session.
struct StillEvaluation {
    var mediaRoot: URL
    let analyzer: LocalAnalyzer
    let config: ProctorConfig
    let logger: Logger

    /// The backend options for stills: those of `config`, every detector on every image.
    static func options(config: ProctorConfig) -> LocalAnalysisOptions {
        var options = LocalAnalysisOptions(config: config, schedule: .everyFrame)
        options.objectMinScore = min(options.objectMinScore, PredictedLabels.objectScoreFloor)
        return options
    }

    /// The session configuration for a still: the defaults, except that a still is one frame, so the rules on
    /// objects and text (which need two consecutive examined frames in a video) raise on one.
    static func stillConfig(from config: ProctorConfig) -> ProctorConfig {
        var still = config
        still.suspiciousObject.minFrames = 1
        still.multiplePeople.minFrames = 1
        still.textDetected.minFrames = 1
        return still
    }

    init(mediaRoot: URL, modelDirectory: URL, config: ProctorConfig, logger: Logger) throws {
        self.mediaRoot = mediaRoot
        self.config = Self.stillConfig(from: config)
        self.logger = logger
        analyzer = try LocalAnalyzer(modelDirectory: modelDirectory, options: Self.options(config: config))
    }

    func run(files: [String], labels: LabelSet) throws -> [StillOutcome] {
        try files.enumerated().map { position, file in
            logger.info("still \(position + 1)/\(files.count): \(file)")
            var outcome = try evaluate(file, labels: labels.labels(of: file))
            outcome.notes = labels.rows(of: file).map(\.notes)
            return outcome
        }
    }

    private func evaluate(_ file: String, labels: Set<String>) throws -> StillOutcome {
        let frame = try ImageLoader.load(path: mediaRoot.appendingPathComponent(file).path)
        var schedule = analyzer.schedule
        let observation = try analyzer.analyze(frame, schedule: &schedule)
        var session = ProctorSession(config: config)
        let record = session.ingest(observation)
        let outcome = session.finish()
        let usable = observation.faces.filter(config.faces.isUsable)
        let objects = observation.objects ?? []
        let regions = observation.text ?? []
        let onFaces = regions.filter { config.textDetected.isSizable($0) }.filter { region in
            usable.contains { $0.box.contains(x: region.box.centerX, y: region.box.centerY) }
        }
        let textEvent = outcome.events.first { $0.type == .textDetected }
        let expression = record.dominantEmotion
        return StillOutcome(
            file: file, labels: labels.sorted(),
            predicted: PredictedLabels.forStill(record: record, events: outcome.events, config: config).sorted(),
            width: frame.width, height: frame.height, qualityVerdict: record.qualityVerdict.rawValue,
            faces: observation.faces.map {
                FaceSummary(confidence: $0.confidence, width: $0.box.width, usable: config.faces.isUsable($0))
            },
            usableFaces: record.faceCount, pose: record.pose, expression: expression,
            expressionProbability: expression.flatMap { record.expressions?[$0] },
            suspiciousObjectEvents: outcome.events.filter { $0.type == .suspiciousObject }.map {
                DetectionSummary(label: $0.details?.objectLabel ?? "?", confidence: $0.peakConfidence)
            },
            objectsAboveThreshold: objects.filter(config.suspiciousObject.isSuspicious)
                .map { DetectionSummary(label: $0.label, confidence: $0.confidence) },
            bestObjectScores: PredictedLabels.bestSuspiciousScores(objects, config: config),
            textDetected: textEvent != nil, textRegionsCounted: textEvent?.details?.textRegions ?? 0,
            textRegionsOnFaces: onFaces.count, textRegionsReported: regions.count,
            bestTextScore: regions.map(\.confidence).max(),
            otherEvents: outcome.events.map(\.type.rawValue)
                .filter { ![AlertType.suspiciousObject.rawValue, AlertType.textDetected.rawValue].contains($0) },
            descriptor: usable.count == 1 ? usable[0].identity?.vector : nil)
    }
}
