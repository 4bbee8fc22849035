import ArgumentParser
import Foundation
import ProctorEngine
import ProctorMedia

/// `proctor decode FILE`: samples a recording exactly as `analyze` does but analyses nothing. The benchmark's
/// baseline, and a quick check that a file decodes.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Sample a recording without analysing it; print what was decoded (JSON).")

    @Argument(help: "The recording.")
    var input: String

    @Option(help: "Frames sampled per second of video.")
    var fps: Double = 1

    struct Summary: Encodable {
        var file: String
        var container: String
        var codec: String
        var width, height, rotation: Int
        var durationSeconds: Double?
        var framesSampled: Int
        var framesDecoded: Int
        var lastFrameSeconds: Double?
        var partialReason: String?
    }

    func run() throws {
        do {
            let sampler = try VideoSampler(path: input, fps: fps)
            var sampled = 0
            var last: Double?
            while let frame = try sampler.next() {
                sampled += 1
                last = frame.timestamp
            }
            let info = sampler.info
            print(
                try ReportCoding.json(
                    Summary(
                        file: input, container: info.container, codec: info.codec, width: info.width,
                        height: info.height,
                        rotation: info.rotation, durationSeconds: info.duration, framesSampled: sampled,
                        framesDecoded: sampler.framesDecoded, lastFrameSeconds: last,
                        partialReason: sampler.interruption)),
                terminator: "")
        } catch {
            throw CLIFailure(message: "\(error)")
        }
    }
}
