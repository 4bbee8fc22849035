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

    @OptionGroup var modelOptions: ModelOptions

    @OptionGroup var configOptions: ConfigOptions

    @Option(help: "Also write the raw numbers to this JSON file.")
    var json: String?

    @Flag(help: "Exit with status 4 when an accuracy target is missed (after writing the report).")
    var check = false

    @Flag(help: "Skip the robustness variants of the videos (mirrored, CRF 35, 360p, darker, brighter, 15 fps).")
    var noVariants = false

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
            let settings = try configOptions.load()
            var evaluation = AccuracyEvaluation(
                mediaRoot: mediaRoot, modelDirectory: try modelOptions.directory(), config: settings,
                fps: fps, toolVersion: Proctor.version, logger: logger)
            evaluation.variants = !noVariants
            let results = try evaluation.run(
                labels: labels,
                command: CommandLine.arguments.map(AccuracyEvaluation.shellQuoted).joined(separator: " "),
                mediaDirectory: media)
            try OutputWriter.write(AccuracyReport(results: results).markdown, to: out)
            if let json { try OutputWriter.write(try ReportCoding.json(results), to: json) }
            for line in results.targetLines { logger.info("\(line)") }
            logger.info("wrote \(out) in \(String(format: "%.0f", Date().timeIntervalSince(started))) s")
            if check, results.missedTargets > 0 {
                logger.error("\(results.missedTargets) accuracy target(s) missed")
                throw ExitCode(4)
            }
        } catch let failure as CLIFailure {
            throw failure
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw CLIFailure(message: "\(error)")
        }
    }
}
