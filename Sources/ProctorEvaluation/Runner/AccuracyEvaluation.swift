import Foundation
import LocalVision
import Logging
import ProctorBackends
import ProctorEngine

/// `proctor eval` as a library: runs the real local analyzer over the labelled media (stills and videos, with the
/// configuration's backend options, as `proctor analyze` would), scores every label and checks the accuracy
/// targets. The command only parses options and writes the results.
public struct AccuracyEvaluation {
    public let mediaRoot: URL
    public let modelDirectory: URL
    public let config: ProctorConfig
    /// Frames sampled per second of video.
    public let fps: Double
    public let toolVersion: String
    public let logger: Logger
    /// Also score the robustness variants of the videos (`VideoVariant.all`).
    public var variants = true

    public init(
        mediaRoot: URL, modelDirectory: URL, config: ProctorConfig, fps: Double, toolVersion: String,
        logger: Logger
    ) {
        self.mediaRoot = mediaRoot
        self.modelDirectory = modelDirectory
        self.config = config
        self.fps = fps
        self.toolVersion = toolVersion
        self.logger = logger
    }

    /// Measures and scores everything `labels` names; `command` is how the run was invoked and `mediaDirectory` the
    /// media folder as given (both for the header).
    public func run(labels: LabelSet, command: String, mediaDirectory: String) throws -> EvaluationResults {
        let started = Date()
        let stillRunner = try StillEvaluation(
            mediaRoot: mediaRoot, modelDirectory: modelDirectory, config: config,
            logger: logger)
        let stills = try stillRunner.run(files: labels.stillFiles, labels: labels)
        let stillScores = Self.scoreStills(stills)
        let stillVariants = variants ? try stillRunner.runVariants(files: labels.stillFiles, labels: labels) : []
        let identity = IdentityEvaluation.evaluate(stills)
        let identitySet = try IdentityPairsEvaluation(
            mediaRoot: mediaRoot, modelDirectory: modelDirectory, config: config, logger: logger
        ).run()
        let videoRunner = VideoEvaluation(
            mediaRoot: mediaRoot, modelDirectory: modelDirectory, config: config,
            fps: fps, toolVersion: toolVersion, logger: logger)
        let (videos, videoModels) = try videoRunner.run(files: labels.videoFiles, labels: labels)
        let variantResults = variants ? try videoRunner.runVariants(files: labels.videoFiles, labels: labels) : []
        let splices = try IdentitySpliceEvaluation(
            mediaRoot: mediaRoot, modelDirectory: modelDirectory, config: config, fps: fps, logger: logger
        ).run(labels: labels, variants: variants ? VideoVariant.all : [])
        let frameTotals = VideoEvaluation.totals(videos)
        let intervals = VideoEvaluation.intervalSummaries(videos)
        let objectSamples =
            ObjectSample.stills(stills, variant: "original")
            + ObjectSample.frames(of: videos, labels: labels, variant: "original")
            + stillVariants.flatMap(\.objectSamples) + variantResults.flatMap(\.objectSamples)
        let objectThresholds = ObjectThresholdRule(samples: objectSamples, config: config).results
        let targets = Targets(
            stills: stills, stillScores: stillScores, identity: identity, identitySet: identitySet, videos: videos,
            frameTotals: frameTotals, intervals: intervals, variants: variantResults, stillVariants: stillVariants,
            splices: splices, singlePersonVideos: IdentitySpliceEvaluation.people(in: labels),
            objectSamples: objectSamples,
            objectThresholds: objectThresholds, config: config, fps: fps)
        var models: [ModelInfo] = []
        for model in stillRunner.analyzer.models + videoModels where !models.contains(where: { $0.id == model.id }) {
            models.append(model)
        }
        let header = EvaluationResults.Header(
            generatedAt: ISO8601DateFormatter().string(from: Date()),
            gitCommit: Self.git(["rev-parse", "--short", "HEAD"]) ?? "unknown",
            uncommittedFiles: Self.git(["status", "--porcelain"]).map { $0.split(separator: "\n").count },
            command: command, workingDirectory: FileManager.default.currentDirectoryPath,
            mediaDirectory: mediaDirectory, modelsDirectory: modelDirectory.path, fps: fps, models: models,
            config: config, stillConfig: StillEvaluation.stillConfig(from: config),
            stillDetectorOptions: Self.describe(StillEvaluation.options(config: config)),
            videoDetectorOptions: Self.describe(LocalAnalysisOptions(config: config)),
            seconds: Date().timeIntervalSince(started))
        return EvaluationResults(
            header: header, stills: stills, stillScores: stillScores, identity: identity, identitySet: identitySet,
            videos: videos, variants: variantResults, stillVariants: stillVariants, splices: splices,
            objectSamples: objectSamples,
            objectThresholds: objectThresholds,
            videoFrameScores: frameTotals, videoIntervalScores: intervals, targets: targets.checks,
            misses: targets.misses)
    }

    /// Every still label of the vocabulary the stills carry or the tool predicted, each over its scope: face counts
    /// over the stills with a face-count label, expressions over the stills with an expression label, the rest
    /// over all stills.
    static func scoreStills(_ stills: [StillOutcome]) -> [StillLabelResult] {
        let labelled = Dictionary(uniqueKeysWithValues: stills.map { ($0.file, Set($0.labels)) })
        let predicted = Dictionary(uniqueKeysWithValues: stills.map { ($0.file, Set($0.predicted)) })
        let present = Set(labelled.values.joined()).union(predicted.values.joined())
        let emotions = PredictedLabels.emotionLabels.filter(present.contains)
        let emotionScope = StillScoring.files(carryingLabelWithPrefix: "emotion=", in: labelled)
        let faceCountScope = Set(stills.filter(\.hasFaceCountLabel).map(\.file))
        let names =
            PredictedLabels.faceCountLabels
            + ["phone", "book", "text", "paper_notes", "head_turned", "printed_face"] + emotions
        var scope = Dictionary(uniqueKeysWithValues: emotions.map { ($0, emotionScope) })
        for label in PredictedLabels.faceCountLabels { scope[label] = faceCountScope }
        return StillScoring.score(labels: names, predicted: predicted, labelled: labelled, scope: scope)
    }

    static func describe(_ options: LocalAnalysisOptions) -> EvaluationResults.DetectorOptions {
        func rounded(_ value: Float) -> Double { (Double(value) * 1e4).rounded() / 1e4 }
        return .init(
            objectIntervalSeconds: options.schedule.objectInterval,
            textIntervalSeconds: options.schedule.textInterval,
            identityIntervalSeconds: options.schedule.identityInterval,
            objectMinScore: rounded(options.objectMinScore), textMinScore: rounded(options.textMinScore),
            faceMinScoreForExpressionAndIdentity: rounded(options.minFaceScore))
    }

    /// Output of a read-only git command in the current folder; nil when git fails.
    static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public static func shellQuoted(_ argument: String) -> String {
        let plain = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@".contains($0) }
        return plain && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
