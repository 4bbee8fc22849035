import ArgumentParser
import Foundation
import LocalVision
import Logging
import ProctorBackends
import ProctorEngine
import ProctorMedia
import ProctorPipeline
import ProctorReports
import Rekognition

/// `proctor analyze FILE`: samples a recording, analyses each sampled frame and writes the report.
/// `proctor analyze DIR|FILE... --out DIR`: the same for every recording, in parallel, with a summary (a batch).
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse a recording (report on stdout by default), or folders of them with --out DIR.",
        discussion: "Exit status: 0 success; 1 an input, model or configuration error (one recording), or an error "
            + "that stops a batch; 3 a batch finished but some recordings failed (see summary.csv); 64 usage error.")

    @Argument(
        help: ArgumentHelp(
            "The recording (any container/codec FFmpeg decodes: mp4, webm, avi, mkv, mov, ...); "
                + "with --out, any number of recordings and folders (walked recursively for video files)."))
    var inputs: [String]

    @Option(help: "Report format: json, markdown or html; with --out, a comma-separated list (JSON is always written).")
    var format: String = "json"

    @Option(
        help: ArgumentHelp(
            "Batch mode: write one report per recording under this folder (mirroring relative "
                + "paths), evidence under DIR/evidence/, and summary.csv / summary.json."))
    var out: String?

    @Option(
        help: "Batch: only recordings whose path relative to their folder matches this shell pattern (e.g. '*.webm').")
    var glob: String?

    @Option(help: "Batch: recordings analysed side by side (default: half the cores, at least 1).")
    var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)

    @Flag(help: "Batch: analyse recordings again even when their reports exist.")
    var force = false

    @Option(help: "Batch progress on stderr: auto (live on a terminal, else plain), live, plain or json (NDJSON).")
    var progress: String = ProgressStyle.auto.rawValue

    @Option(name: [.short, .customLong("output")], help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(help: "Frames sampled per second of video (fractional allowed: 0.5 = one every 2 s).")
    var fps: Double = 1

    @Option(help: "Folder for evidence JPEGs (one per event). Without it, events name their frame but no file.")
    var evidenceDir: String?

    @OptionGroup var configOptions: ConfigOptions

    @OptionGroup var modelOptions: ModelOptions

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

    @Option(help: "Largest picture analysed, in megapixels; larger recordings are refused before decoding.")
    var maxMegapixels: Double = 40

    @Option(help: "Hours of a recording's timeline analysed; beyond it the report is marked partial.")
    var maxHours: Double = 8

    @Flag(help: "No progress output on stderr.")
    var quiet = false

    /// The picture and duration limits asked for.
    var mediaLimits: MediaLimits {
        var limits = MediaLimits()
        limits.maxPixels = Int(maxMegapixels * 1_000_000)
        limits.maxDurationSeconds = maxHours * 3600
        return limits
    }

    /// The formats asked for.
    var formats: [ReportFormat] { format.split(separator: ",").compactMap { ReportFormat(rawValue: String($0)) } }

    func validate() throws {
        guard maxMegapixels.isFinite, maxMegapixels > 0, maxMegapixels <= 1000 else {
            throw ValidationError("--max-megapixels must be above 0 and at most 1000")
        }
        guard maxHours.isFinite, maxHours > 0, maxHours <= 1000 else {
            throw ValidationError("--max-hours must be above 0 and at most 1000")
        }
        let names = format.split(separator: ",")
        guard !names.isEmpty, names.allSatisfy({ ReportFormat(rawValue: String($0)) != nil }) else {
            throw ValidationError(
                "--format must be one of: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                    + (out == nil ? "" : ", or a comma-separated list of them"))
        }
        if out == nil {
            guard inputs.count == 1, names.count == 1 else {
                throw ValidationError("several recordings or formats need --out DIR (batch mode)")
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: inputs[0], isDirectory: &isDirectory), isDirectory.boolValue {
                throw ValidationError("\(inputs[0]) is a folder: give --out DIR to analyse the recordings in it")
            }
        } else {
            guard output == nil, evidenceDir == nil else {
                throw ValidationError("--out writes reports and evidence itself: drop -o/--output and --evidence-dir")
            }
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
            guard ProgressStyle(rawValue: progress) != nil else {
                throw ValidationError("--progress must be auto, live, plain or json")
            }
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
        guard !(readText && noText) else {
            throw ValidationError("--read-text needs the text detector: drop --no-text")
        }
        guard referenceFace == nil || !noIdentity else {
            throw ValidationError("--reference-face needs identity checks: drop --no-identity")
        }
    }

    /// The backend options these flags select; object reporting goes down to the lowest threshold the rules use.
    func analysisOptions(config: ProctorConfig) -> LocalAnalysisOptions {
        var options = LocalAnalysisOptions(config: config, schedule: schedule)
        options.expressions = !noExpressions
        options.objects = !noObjects
        options.text = !noText
        options.readText = readText
        options.identity = !noIdentity
        return options
    }

    /// When the scheduled detectors (or billed calls) run.
    var schedule: DetectorSchedule {
        DetectorSchedule(objectInterval: objectsEvery, textInterval: textEvery, identityInterval: identityEvery)
    }

    /// The analyzer for `--backend`, and the identity reference from `--reference-face` if given.
    func makeBackend(config: ProctorConfig) throws -> (any FrameAnalyzer, IdentityReference?) {
        if backend == "rekognition" {
            return try rekognition.makeAnalyzer(
                config: config, schedule: schedule, objects: !noObjects, text: !noText,
                identity: !noIdentity, referenceFace: referenceFace)
        }
        let modelDirectory = try modelOptions.directory()
        let reference = try referenceFace.map { path in
            IdentityReference(
                source: .referenceImage,
                descriptor: try IdentityProbe(modelDirectory: modelDirectory, config: config)
                    .face(at: path, role: "reference face").descriptor)
        }
        return (try LocalAnalyzer(modelDirectory: modelDirectory, options: analysisOptions(config: config)), reference)
    }

    func run() throws {
        // OpenCV's own loops stay on one thread: parallelism comes from decoding ahead on its own thread and from
        // --jobs, so jobs never oversubscribe the cores, and a report is the same whatever --jobs (the models'
        // sums do not change order with the thread count).
        OpenCVThreads.set(1)
        if let out { return try runBatch(out: URL(fileURLWithPath: out)) }
        let logger = Log.make("analyze", quiet: quiet)
        do {
            let settings = try loadSettings()
            let (analyzer, reference) = try makeBackend(config: settings)
            let started = Date()
            var analysis = RecordingAnalysis(
                fps: fps, config: settings, evidenceDirectory: evidenceDir.map { URL(fileURLWithPath: $0) },
                identityReference: reference, toolVersion: Proctor.version,
                onFrame: { record in
                    if record.index % 30 == 0 {
                        logger.info("frame \(record.index) at \(String(format: "%.1f", record.timestamp)) s")
                    }
                })
            analysis.limits = mediaLimits
            let report = try analysis.run(path: inputs[0], analyzer: analyzer)
            let text = try ReportRenderer.render(report, as: formats[0])
            try OutputWriter.write(text, to: output)
            if let reason = report.input.partialReason { logger.warning("partial analysis: \(reason)") }
            logger.info(
                """
                \(report.input.framesAnalysed) frames in \(String(format: "%.1f", Date().timeIntervalSince(started))) s, \
                \(report.events.count) events, assessment \(report.summary.assessment)
                """)
            if let local = analyzer as? LocalAnalyzer { logger.info("stage timings: \(local.timings.summary)") }
            if let usage = report.backend.usage {
                let calls = usage.calls.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                    separator: ", ")
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
