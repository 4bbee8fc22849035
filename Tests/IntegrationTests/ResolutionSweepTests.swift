import Foundation
import LocalVision
import ProctorEngine
import ProctorMedia
import ProctorPipeline
import Testing

/// Every picture size a user may bring, common and odd, goes through decoding, conversion and the whole local
/// analysis. A conversion that writes past its buffer or shifts its rows shows up here as a crash or as wrong
/// pixels: each clip is one flat colour, so every converted pixel must be that colour.
@Suite(.serialized) struct ResolutionSweepTests {
    static let sizes: [(Int, Int)] = [
        (1, 1), (2, 2), (3, 3), (15, 15), (16, 16), (17, 9), (33, 31), (160, 120), (320, 240), (360, 640),
        (426, 240), (540, 960), (597, 335), (640, 480), (720, 1280), (854, 480), (1078, 720), (1278, 720),
        (1280, 720), (1080, 1920), (1920, 1080), (2, 4000), (4000, 2),
    ]

    /// A 2-frame clip of flat BGR (40, 90, 200); H.264 for even sizes, FFV1 (any size) otherwise.
    static func flatClip(width: Int, height: Int, in folder: URL) throws -> String {
        let even = width % 2 == 0 && height % 2 == 0 && width >= 16 && height >= 16
        let output = folder.appendingPathComponent("flat_\(width)x\(height).\(even ? "mp4" : "mkv")")
        let format = even ? "yuv420p" : "yuv444p"
        try TestMedia.ffmpeg(
            ["-f", "lavfi", "-i", "color=c=0xC85A28:s=\(width)x\(height):r=2:d=1,format=\(format)"]
                + (even ? ["-c:v", "libx264", "-preset", "ultrafast", "-qp", "0"] : ["-c:v", "ffv1"]) + [output.path])
        return output.path
    }

    @Test(arguments: sizes)
    func everySizeDecodesToTheRightPixels(width: Int, height: Int) throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sampler = try VideoSampler(path: try Self.flatClip(width: width, height: height, in: folder), fps: 2)
        var frames = 0
        while let frame = try sampler.next() {
            frames += 1
            #expect((frame.width, frame.height) == (width, height))
            #expect(frame.pixels.count == width * height * 3)
            var worst = 0
            for (index, value) in frame.pixels.enumerated() {
                worst = max(worst, abs(Int(value) - [40, 90, 200][index % 3]))
            }
            #expect(worst <= 12, "\(width)x\(height): a pixel is \(worst) levels off the flat colour")
        }
        #expect(frames >= 1)
    }

    @Test(arguments: sizes)
    func everySizeIsAnalysed(width: Int, height: Int) throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try RecordingAnalysis(
            fps: 2, config: ProctorConfig(), evidenceDirectory: folder,
            toolVersion: "test"
        )
        .run(path: try Self.flatClip(width: width, height: height, in: folder), analyzer: try TestMedia.analyzer())
        #expect(report.input.framesAnalysed >= 1)
        #expect((report.input.width, report.input.height) == (width, height))
    }

    /// Portrait phone sizes made from a shared clip with a face in every frame: the face is still found.
    @Test(arguments: [(360, 640), (540, 960), (720, 1280), (1080, 1920)])
    func portraitPhoneRecordingsKeepTheFace(width: Int, height: Int) throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("portrait.mp4")
        try TestMedia.ffmpeg([
            "-i", try TestMedia.path("videos/v01_webcam_gaze_left.mp4"), "-t", "4", "-vf",
            "scale=\(width):-2,pad=\(width):\(height):(ow-iw)/2:(oh-ih)/2", "-c:v", "libx264",
            "-preset", "ultrafast", clip.path,
        ])
        let report = try RecordingAnalysis(fps: 1, config: ProctorConfig(), evidenceDirectory: nil, toolVersion: "test")
            .run(path: clip.path, analyzer: try TestMedia.analyzer())
        #expect(report.input.framesAnalysed == 4)
        #expect(report.coverage.counts["one_face"] == 4, "\(report.coverage.counts)")
    }
}
