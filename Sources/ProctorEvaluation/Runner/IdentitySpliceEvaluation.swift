import Foundation
import LocalVision
import Logging
import ProctorBackends
import ProctorEngine
import ProctorPipeline

/// One identity swap: a recording of one person continued by another's, framing matched (`IdentitySplice`).
struct SpliceOutcome: Encodable {
    var first: String
    var second: String
    /// When the second person takes the seat, in seconds.
    var splice: Double
    /// "original" or the robustness variant applied to the spliced recording.
    var variant: String
    /// The first `face_mismatch` event at or after the swap.
    var flaggedAt: Double?
    /// `face_mismatch` events that start before the swap (false alarms on the first person).
    var flaggedBefore: [Double]

    var delay: Double? { flaggedAt.map { $0 - splice } }
    var caught: Bool { (delay ?? .infinity) <= IdentitySpliceEvaluation.deadline && flaggedBefore.isEmpty }
}

/// Identity swaps built from the labelled single-person videos (each with exactly one `identity=` label and no
/// `identity_change`): person i replaced by person i-1 at 4 s and at 7 s, each splice also made in every robustness
/// variant, then analysed as `proctor analyze` would (objects and text off: they play no part in identity).
struct IdentitySpliceEvaluation {
    static let splices = [4.0, 7.0]
    /// Seconds of the second person after the swap.
    static let after = 5.0
    /// A swap must be flagged this soon.
    static let deadline = 3.0

    let mediaRoot: URL
    let modelDirectory: URL
    let config: ProctorConfig
    let fps: Double
    let logger: Logger

    /// The single-person videos of `labels`.
    static func people(in labels: LabelSet) -> [String] {
        labels.videoFiles.filter { file in
            let rows = labels.rows(of: file)
            return Set(rows.map(\.label).filter { $0.hasPrefix("identity=") }).count == 1
                && !rows.contains { $0.label == "identity_change" }
        }
    }

    func run(labels: LabelSet, variants: [VideoVariant]) throws -> [SpliceOutcome] {
        let people = Self.people(in: labels)
        guard people.count >= 2 else { return [] }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("proctor-splices-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let originals = scratch.appendingPathComponent("original")
        try FileManager.default.createDirectory(at: originals, withIntermediateDirectories: true)
        let analyzer = try LocalAnalyzer(modelDirectory: modelDirectory)
        let boxes = try people.map { try IdentitySplice.faceBox(of: path($0), analyzer: analyzer) }
        var made: [(file: String, first: String, second: String, splice: Double)] = []
        for (index, first) in people.enumerated() {
            let other = (index + people.count - 1) % people.count
            for splice in Self.splices {
                let file = "splice-\(index)-\(other)-\(Int(splice)).mp4"
                try IdentitySplice.write(
                    first: path(first), second: path(people[other]), firstFace: boxes[index],
                    secondFace: boxes[other], splice: splice, length: splice + Self.after,
                    to: originals.appendingPathComponent(file))
                made.append((file, first, people[other], splice))
            }
        }
        var options = LocalAnalysisOptions(config: config)
        options.objects = false
        options.text = false
        // One analyzer for every splice: each recording gets a fresh schedule of its own (RecordingAnalysis).
        let identityAnalyzer = try LocalAnalyzer(modelDirectory: modelDirectory, options: options)
        var outcomes: [SpliceOutcome] = []
        for variant in [nil] + variants.map(Optional.some) {
            let folder = variant.map { scratch.appendingPathComponent($0.name) } ?? originals
            if let variant { try variant.write(files: made.map(\.file), from: originals, to: folder) }
            for splice in made {
                logger.info("identity splice \(splice.file) (\(variant?.name ?? "original"))")
                let events = try mismatches(
                    in: folder.appendingPathComponent(splice.file).path, analyzer: identityAnalyzer)
                outcomes.append(
                    SpliceOutcome(
                        first: splice.first, second: splice.second, splice: splice.splice,
                        variant: variant?.name ?? "original",
                        flaggedAt: events.first { $0 >= splice.splice - 1e-9 },
                        flaggedBefore: events.filter { $0 < splice.splice - 1e-9 }))
            }
        }
        return outcomes
    }

    private func path(_ file: String) -> String { mediaRoot.appendingPathComponent(file).path }

    /// Start times of the `face_mismatch` events in a recording, analysed with the default configuration.
    private func mismatches(in path: String, analyzer: LocalAnalyzer) throws -> [Double] {
        let analysis = RecordingAnalysis(fps: fps, config: config, evidenceDirectory: nil, toolVersion: "eval")
        return try analysis.run(path: path, analyzer: analyzer).events.filter { $0.type == .faceMismatch }
            .map(\.start).sorted()
    }
}
