import ArgumentParser
import Foundation
import ProctorEngine
import ProctorReports

/// `proctor rescore REPORT.json... --config weights.json`: recomputes review priorities (and summaries) of stored
/// reports under new weights and thresholds, without decoding any video.
struct RescoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescore",
        abstract: "Recompute review priorities of JSON reports with new weights, without analysing video again.",
        discussion: "Each report is rewritten in place (atomically) with the new summary, review priority and "
            + "configuration; stdout gets one JSON object per report: file, previous and new priority and score. "
            + "Exit status: 0 success; 1 a report could not be read or written (the others are still rescored).")

    @Argument(help: "JSON reports written by proctor analyze (batch outputs included).")
    var reports: [String]

    @Option(help: "JSON configuration with the new review_* weights and thresholds (any subset of the keys).")
    var config: String

    @Flag(help: "Print the new priorities without rewriting the reports.")
    var dryRun = false

    struct Change: Encodable {
        var file: String
        var previousPriority: String?
        var priority: String?
        var previousScore: Double?
        var score: Double?
        var error: String?
    }

    /// One compact JSON object per line.
    static var lineEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    func run() throws {
        let settings: ProctorConfig
        do { settings = try ProctorConfig.load(from: URL(fileURLWithPath: config)) } catch {
            throw CLIFailure(message: "\(error)")
        }
        var failures = 0
        for path in reports {
            var change = Change(file: path)
            do {
                guard FileManager.default.fileExists(atPath: path) else { throw CLIFailure(message: "no such file") }
                let report: Report
                do { report = try BatchRunner.read(URL(fileURLWithPath: path)) } catch is DecodingError {
                    throw CLIFailure(message: "not a proctor JSON report")
                }
                let rescored = report.rescored(with: settings)
                change.previousPriority = report.review.level.rawValue
                change.previousScore = report.review.score
                change.priority = rescored.review.level.rawValue
                change.score = rescored.review.score
                if !dryRun {
                    try Data(try ReportRenderer.render(rescored, as: .json).utf8).write(
                        to: URL(fileURLWithPath: path),
                        options: .atomic)
                }
            } catch {
                change.error = "\(error)"
                failures += 1
            }
            print(String(decoding: try Self.lineEncoder.encode(change), as: UTF8.self))
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
