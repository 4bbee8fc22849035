import Foundation
import Logging
import ProctorEngine

/// A systematic change of the labelled stills, made with FFmpeg: mirrored, passed through H.264 at CRF 35 the way a
/// frame of a compressed recording is, scaled to 360 pixels high, darkened or brightened (the video variants'
/// filters). Labels carry over unchanged.
struct StillVariant: Sendable {
    var name: String
    var description: String
    /// Writes the variant of `input` to `output` (same extension), using `scratch` for intermediate files.
    var make: @Sendable (_ input: URL, _ output: URL, _ scratch: URL) throws -> Void

    /// A variant made by one FFmpeg filter, written at high quality.
    static func filtered(_ name: String, _ description: String, filter: String) -> StillVariant {
        StillVariant(name: name, description: description) { input, output, _ in
            try FFmpegTool.run(["-i", input.path, "-vf", filter, "-q:v", "2", output.path])
        }
    }

    static let all: [StillVariant] = [
        filtered("mirrored", "flipped left to right", filter: VideoVariant.Filter.mirror),
        StillVariant(name: "h264", description: "one frame of H.264 at CRF 35") { input, output, scratch in
            let video = scratch.appendingPathComponent("still.mp4")
            try FFmpegTool.run([
                "-i", input.path, "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-c:v", "libx264", "-crf", "35",
                "-pix_fmt", "yuv420p", video.path,
            ])
            try FFmpegTool.run(["-i", video.path, "-frames:v", "1", "-q:v", "2", output.path])
        },
        filtered("360p", "scaled to 360 pixels high", filter: VideoVariant.Filter.scale360),
        filtered("darker", "40% darker", filter: VideoVariant.Filter.darker),
        filtered("brighter", "30% brighter", filter: VideoVariant.Filter.brighter),
    ]
}

/// One variant of the labelled stills, scored like the originals.
struct StillVariantResults: Encodable {
    var name: String
    var description: String
    var scores: [StillLabelResult]
    var objectSamples: [ObjectSample]
}

extension StillEvaluation {
    /// Every variant of the labelled stills, made in a scratch folder (removed afterwards) and scored with the same
    /// labels.
    func runVariants(files: [String], labels: LabelSet) throws -> [StillVariantResults] {
        try VariantFolders.score(
            StillVariant.all, prefix: "proctor-stills",
            make: { variant, folder, scratch in
                logger.info("still variant \(variant.name): making \(files.count) still(s)")
                for file in files {
                    let output = folder.appendingPathComponent(file)
                    try FileManager.default.createDirectory(
                        at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try variant.make(mediaRoot.appendingPathComponent(file), output, scratch)
                }
            },
            score: { variant, folder in
                var runner = self
                runner.mediaRoot = folder
                let outcomes = try runner.run(files: files, labels: labels)
                return StillVariantResults(
                    name: variant.name, description: variant.description,
                    scores: AccuracyEvaluation.scoreStills(outcomes),
                    objectSamples: ObjectSample.stills(outcomes, variant: variant.name))
            })
    }
}
