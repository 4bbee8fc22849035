import ArgumentParser
import Foundation
import LocalVision
import ProctorEngine
import ProctorEvaluation

/// `proctor eval`: runs the real analyzer over the hand-labelled media and writes measured precision and recall
/// (docs/ACCURACY.md, optionally the raw numbers as JSON).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure accuracy on the labelled media (labels.csv) and write docs/ACCURACY.md.")

    @Option(help: "Folder holding labels.csv, images/ and videos/.")
    var media: String = "../shared/media"

    @Option(help: "Markdown report to write.")
    var out: String = "docs/ACCURACY.md"

    @Option(help: "Frames sampled per second of video.")
    var fps: Double = 2

    @Option(help: "Models folder (default: $PROCTOR_MODELS, else the project's models/).")
    var models: String?

    @Option(help: "JSON file overriding thresholds, as for analyze (default: the built-in thresholds).")
    var config: String?

    @Option(help: "Also write the raw numbers to this JSON file.")
    var json: String?

    func validate() throws {
        guard fps > 0, fps <= 120 else { throw ValidationError("--fps must be above 0 and at most 120") }
    }

    func run() throws {
        let logger = Log.make("eval", quiet: false)
        do {
            let started = Date()
            let mediaRoot = URL(fileURLWithPath: media)
            let labelsPath = mediaRoot.appendingPathComponent("labels.csv").path
            let text: String
            do { text = try String(contentsOfFile: labelsPath, encoding: .utf8) } catch {
                throw CLIFailure(message: "\(labelsPath): cannot read the labels (\(error.localizedDescription))")
            }
            let labels: LabelSet
            do { labels = try LabelSet.parse(text) } catch { throw CLIFailure(message: "\(labelsPath): \(error)") }
            let modelDirectory = try ModelDirectory.resolve(explicit: models)
            let config = try self.config.map { try ProctorConfig.load(from: URL(fileURLWithPath: $0)) } ?? ProctorConfig()

            let stillRunner = try StillEvaluation(mediaRoot: mediaRoot, modelDirectory: modelDirectory, config: config,
                                                  logger: logger)
            let stills = try stillRunner.run(files: labels.stillFiles, labels: labels)
            let stillScores = Self.scoreStills(stills)
            let identity = IdentityEvaluation.evaluate(stills)

            let videoRunner = VideoEvaluation(mediaRoot: mediaRoot, modelDirectory: modelDirectory, config: config,
                                              fps: fps, logger: logger)
            let (videos, videoModels) = try videoRunner.run(files: labels.videoFiles, labels: labels)
            let frameTotals = VideoEvaluation.totals(videos)
            let intervals = VideoEvaluation.intervalSummaries(videos)

            let targets = Targets(stills: stills, stillScores: stillScores, identity: identity, videos: videos,
                                  frameTotals: frameTotals, intervals: intervals, config: config, fps: fps)
            var models: [ModelInfo] = []
            for model in stillRunner.analyzer.models + videoModels where !models.contains(where: { $0.id == model.id }) {
                models.append(model)
            }
            let header = EvaluationResults.Header(
                generatedAt: ISO8601DateFormatter().string(from: Date()), gitCommit: Self.git(["rev-parse", "--short", "HEAD"]) ?? "unknown",
                uncommittedFiles: Self.git(["status", "--porcelain"]).map { $0.split(separator: "\n").count },
                command: CommandLine.arguments.map(Self.shellQuoted).joined(separator: " "),
                workingDirectory: FileManager.default.currentDirectoryPath, mediaDirectory: media,
                modelsDirectory: modelDirectory.path, fps: fps, models: models, config: config,
                stillConfig: StillEvaluation.stillConfig(from: config),
                stillDetectorOptions: Self.describe(StillEvaluation.options(config: config)),
                videoDetectorOptions: Self.describe(LocalAnalysisOptions(config: config)), seconds: Date().timeIntervalSince(started))
            let results = EvaluationResults(
                header: header, stills: stills, stillScores: stillScores, identity: identity, videos: videos,
                videoFrameScores: frameTotals, videoIntervalScores: intervals, targets: targets.checks,
                misses: targets.misses)
            try OutputWriter.write(AccuracyReport(results: results).markdown, to: out)
            if let json { try OutputWriter.write(try ReportCoding.json(results), to: json) }
            for check in results.targets {
                logger.info("\(check.met ? "met" : "NOT met"): \(check.name): \(check.numbers)")
            }
            logger.info("wrote \(out) in \(String(format: "%.0f", Date().timeIntervalSince(started))) s")
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure(message: "\(error)")
        }
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
        let names = PredictedLabels.faceCountLabels
            + ["phone", "book", "text", "paper_notes", "head_turned", "printed_face"] + emotions
        var scope = Dictionary(uniqueKeysWithValues: emotions.map { ($0, emotionScope) })
        for label in PredictedLabels.faceCountLabels { scope[label] = faceCountScope }
        return StillScoring.score(labels: names, predicted: predicted, labelled: labelled, scope: scope)
    }

    static func describe(_ options: LocalAnalysisOptions) -> EvaluationResults.DetectorOptions {
        func rounded(_ value: Float) -> Double { (Double(value) * 1e4).rounded() / 1e4 }
        return .init(objectIntervalSeconds: options.schedule.objectInterval,
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

    static func shellQuoted(_ argument: String) -> String {
        let plain = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@".contains($0) }
        return plain && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
