import Foundation
import Logging
import ProctorEngine

/// A systematic change of the labelled recordings, made with FFmpeg: what footage nobody tuned the tool on tends
/// to differ by. Labels carry over unchanged (none of them names a side of the picture).
struct VideoVariant: Sendable {
    var name: String
    var description: String
    /// FFmpeg output options (filters and codec settings).
    var options: [String]

    /// FFmpeg filters shared with the still variants: picture changes that apply to a still as well as a video.
    enum Filter {
        static let mirror = "hflip"
        static let scale360 = "scale=-2:360"
        static let darker = "lutyuv=y=val*0.6"
        static let brighter = "lutyuv=y=min(val*1.3\\,255)"
    }

    static let all: [VideoVariant] = [
        VideoVariant(
            name: "mirrored", description: "flipped left to right", options: ["-vf", Filter.mirror] + h264(18)),
        VideoVariant(name: "crf35", description: "re-encoded as H.264 at CRF 35", options: h264(35)),
        VideoVariant(
            name: "360p", description: "scaled to 360 pixels high", options: ["-vf", Filter.scale360] + h264(18)),
        VideoVariant(name: "darker", description: "40% darker", options: ["-vf", Filter.darker] + h264(18)),
        VideoVariant(name: "brighter", description: "30% brighter", options: ["-vf", Filter.brighter] + h264(18)),
        VideoVariant(
            name: "15fps", description: "resampled to 15 frames a second", options: ["-vf", "fps=15"] + h264(18)),
    ]

    private static func h264(_ crf: Int) -> [String] {
        ["-an", "-c:v", "libx264", "-preset", "veryfast", "-crf", "\(crf)", "-pix_fmt", "yuv420p"]
    }

    /// Writes this variant of every file under `mediaRoot` to the same relative path under `folder`.
    func write(files: [String], from mediaRoot: URL, to folder: URL) throws {
        for file in files {
            let output = folder.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
            do {
                try FFmpegTool.run(["-i", mediaRoot.appendingPathComponent(file).path] + options + [output.path])
            } catch let error as VariantError {
                throw VariantError(description: "the \(name) copy of \(file): \(error)")
            }
        }
    }
}

/// One variant of the labelled videos, scored like the originals.
struct VariantResults: Encodable {
    var name: String
    var description: String
    var frameTotals: [FrameLabelResult]
    var intervals: [IntervalSummary]
    var objectSamples: [ObjectSample]
    /// Videos of this variant with a `face_mismatch` event.
    var faceMismatchVideos: [String]
    var eyeReadings: [EyeReading]
}

extension VideoEvaluation {
    /// Every variant of the labelled videos, made in a scratch folder (removed afterwards) and scored with the
    /// same labels.
    func runVariants(files: [String], labels: LabelSet) throws -> [VariantResults] {
        try VariantFolders.score(
            VideoVariant.all, prefix: "proctor-eval",
            make: { variant, folder, _ in
                logger.info("variant \(variant.name): making \(files.count) video(s)")
                try variant.write(files: files, from: mediaRoot, to: folder)
            },
            score: { variant, folder in
                var runner = self
                runner.mediaRoot = folder
                let (videos, _) = try runner.run(files: files, labels: labels)
                return VariantResults(
                    name: variant.name, description: variant.description, frameTotals: Self.totals(videos),
                    intervals: Self.intervalSummaries(videos),
                    objectSamples: ObjectSample.frames(of: videos, labels: labels, variant: variant.name),
                    faceMismatchVideos: videos.filter { $0.events.contains { $0.type == "face_mismatch" } }.map(\.file),
                    eyeReadings: EyeReading.readings(of: videos))
            })
    }
}
