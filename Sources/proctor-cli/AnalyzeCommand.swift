import ArgumentParser
import Foundation
import LocalVision
import Logging
import ProctorEngine
import ProctorMedia
import Rekognition

/// `proctor analyze FILE`: samples a recording, analyses each sampled frame and writes the report.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Analyse a recording and write its report (JSON on stdout by default).")

    @Argument(help: "The recording (any container/codec FFmpeg decodes: mp4, webm, avi, mkv, mov, ...).")
    var input: String

    @Option(help: "Report format: json or markdown.")
    var format: String = "json"

    @Option(name: [.short, .customLong("output")], help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(help: "Frames sampled per second of video (fractional allowed: 0.5 = one every 2 s).")
    var fps: Double = 1

    @Option(help: "Folder for evidence JPEGs (one per event). Without it, events name their frame but no file.")
    var evidenceDir: String?

    @Option(help: "JSON file overriding thresholds (see samples/proctor-config.json).")
    var config: String?

    @Option(help: "Models folder (default: $PROCTOR_MODELS, else the project's models/).")
    var models: String?

    @Option(help: "Analysis backend: local (on this machine) or rekognition (AWS; billed per call, see README).")
    var backend: String = "local"

    @OptionGroup(title: "Rekognition backend")
    var rekognition: RekognitionFlags

    @Option(help: "Image of the candidate's face: the identity reference (default: the first confident face).")
    var referenceFace: String?

    @Flag(help: "No apparent facial expression analysis at all (nothing measured, nothing reported).")
    var noExpressions = false

    @Flag(help: "Do not look for objects (phones, books, laptops, screens, people).")
    var noObjects = false

    @Flag(help: "Do not look for visible text.")
    var noText = false

    @Flag(help: "Read the text inside the regions found (Tesseract OCR; slow, off by default).")
    var readText = false

    @Flag(help: "Do not check the candidate's identity.")
    var noIdentity = false

    @Option(help: "Seconds of video between object detector runs (and on every scene change).")
    var objectsEvery: Double = DetectorSchedule().objectInterval

    @Option(help: "Seconds of video between text detector runs (and on scene changes at least 5 s after the last run).")
    var textEvery: Double = DetectorSchedule().textInterval

    @Option(help: "Seconds of video between identity checks (and on every new face track or scene change).")
    var identityEvery: Double = DetectorSchedule().identityInterval

    @Flag(help: "No progress output on stderr.")
    var quiet = false

    func validate() throws {
        guard ReportFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard fps > 0, fps <= 120 else { throw ValidationError("--fps must be above 0 and at most 120") }
        guard ["local", "rekognition"].contains(backend) else {
            throw ValidationError("--backend must be local or rekognition")
        }
        guard !(readText && backend == "rekognition") else {
            throw ValidationError("--read-text is for the local backend (Rekognition's DetectText always reads)")
        }
        guard [objectsEvery, textEvery, identityEvery].allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw ValidationError("--objects-every, --text-every and --identity-every must be 0 or more seconds")
        }
        guard !(readText && noText) else { throw ValidationError("--read-text needs the text detector: drop --no-text") }
        guard referenceFace == nil || !noIdentity else {
            throw ValidationError("--reference-face needs identity checks: drop --no-identity")
        }
    }

    /// The backend options these flags select; object reporting goes down to the lowest threshold the rules use.
    func analysisOptions(config: ProctorConfig) -> LocalAnalysisOptions {
        var options = LocalAnalysisOptions()
        options.expressions = !noExpressions
        options.objects = !noObjects
        options.text = !noText
        options.readText = readText
        options.identity = !noIdentity
        options.objectMinScore = Float((Array(config.suspiciousObjects.values) + [config.personMinConfidence]).min()!)
        options.textMinScore = Float(config.textMinConfidence)
        options.schedule = schedule
        return options
    }

    /// When the scheduled detectors (or billed calls) run.
    var schedule: DetectorSchedule {
        DetectorSchedule(objectInterval: objectsEvery, textInterval: textEvery, identityInterval: identityEvery)
    }

    /// The analyzer for `--backend`, and the identity reference from `--reference-face` if given.
    func makeBackend(config: ProctorConfig) throws -> (any FrameAnalyzer, IdentityReference?) {
        if backend == "rekognition" {
            return try rekognition.makeAnalyzer(config: config, schedule: schedule, objects: !noObjects, text: !noText,
                                                identity: !noIdentity, referenceFace: referenceFace)
        }
        let modelDirectory = try ModelDirectory.resolve(explicit: models)
        let reference = try referenceFace.map { path in
            IdentityReference(source: .referenceImage,
                              descriptor: try IdentityProbe(modelDirectory: modelDirectory, config: config)
                                  .face(at: path, role: "reference face").descriptor)
        }
        return (try LocalAnalyzer(modelDirectory: modelDirectory, options: analysisOptions(config: config)), reference)
    }

    func run() throws {
        let logger = Log.make("analyze", quiet: quiet)
        do {
            var settings = try config.map { try ProctorConfig.load(from: URL(fileURLWithPath: $0)) } ?? ProctorConfig()
            if noExpressions { settings.expressions = false }
            let (analyzer, reference) = try makeBackend(config: settings)
            let started = Date()
            let analysis = RecordingAnalysis(
                fps: fps, config: settings, evidenceDirectory: evidenceDir.map { URL(fileURLWithPath: $0) },
                identityReference: reference, toolVersion: Proctor.version,
                onFrame: { record in
                    if record.index % 30 == 0 {
                        logger.info("frame \(record.index) at \(String(format: "%.1f", record.timestamp)) s")
                    }
                })
            let report = try analysis.run(path: input, analyzer: analyzer)
            let text = try ReportRenderer.render(report, as: ReportFormat(rawValue: format)!)
            try OutputWriter.write(text, to: output)
            if let reason = report.input.partialReason { logger.warning("partial analysis: \(reason)") }
            logger.info("""
                \(report.input.framesAnalysed) frames in \(String(format: "%.1f", Date().timeIntervalSince(started))) s, \
                \(report.events.count) events, assessment \(report.summary.assessment)
                """)
            if let local = analyzer as? LocalAnalyzer { logger.info("stage timings: \(local.timings.summary)") }
            if let usage = report.backend.usage {
                let calls = usage.calls.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                let cost = String(format: "%.4f", usage.estimatedCostUsd)
                logger.info("backend calls: \(calls), retries \(usage.retries), estimated cost $\(cost)")
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            throw CLIFailure(message: "\(error)")
        }
    }
}
