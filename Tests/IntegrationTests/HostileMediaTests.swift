import Foundation
import LocalVision
import ProctorEngine
import ProctorMedia
import ProctorPipeline
import Testing

/// Inputs from the reliability audit that used to crash, hang, blow up memory or mislead: each now gives a clear,
/// named error or a correct report.
@Suite(.serialized) struct HostileMediaTests {
    private func analyse(_ path: String, limits: MediaLimits = MediaLimits()) throws -> Report {
        var analysis = RecordingAnalysis(fps: 1, config: ProctorConfig(), evidenceDirectory: nil, toolVersion: "test")
        analysis.limits = limits
        return try analysis.run(path: path, analyzer: try TestMedia.analyzer())
    }

    private func error(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func fifosDevicesAndLinkLoopsSayWhatTheyAre() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("f.mp4").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let loopA = folder.appendingPathComponent("a.mp4").path
        let loopB = folder.appendingPathComponent("b.mp4").path
        try FileManager.default.createSymbolicLink(atPath: loopA, withDestinationPath: loopB)
        try FileManager.default.createSymbolicLink(atPath: loopB, withDestinationPath: loopA)
        let zero = folder.appendingPathComponent("z.jpg").path
        try FileManager.default.createSymbolicLink(atPath: zero, withDestinationPath: "/dev/zero")
        let dangling = folder.appendingPathComponent("d.mp4").path
        try FileManager.default.createSymbolicLink(
            atPath: dangling, withDestinationPath: folder.appendingPathComponent("gone").path)

        #expect(error { _ = try analyse(fifo) } == "\(fifo): is a FIFO (named pipe), not a regular file")
        #expect(error { _ = try analyse(loopA) } == "\(loopA): symbolic links loop (too many levels of links)")
        #expect(error { _ = try ImageLoader.load(path: zero) } == "\(zero): is a device, not a regular file")
        #expect(error { _ = try ImageLoader.load(path: loopB) }.contains("symbolic links loop"))
        #expect(
            error { _ = try analyse(dangling) } == "\(dangling): is a symbolic link to something that does not exist")
    }

    @Test func truncatedStillsAreRefusedNotDecodedAsGrey() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try TestMedia.path("images/b01_oneface_obama.jpg")))
        for fraction in [2, 4, 10] {
            let cut = data.prefix(data.count - data.count / fraction)
            #expect(
                error { _ = try ImageLoader.decode(cut, name: "cut") }.contains("truncated"), "1/\(fraction) cut off")
        }
        #expect(throws: Never.self) { _ = try ImageLoader.decode(data, name: "whole") }
    }

    @Test func picturesAboveTheLimitAreRefusedBeforeDecoding() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("big.mkv")
        try TestMedia.ffmpeg(["-f", "lavfi", "-i", "color=c=gray:s=1600x1200:r=1:d=1", "-c:v", "mjpeg", big.path])
        var limits = MediaLimits()
        limits.maxPixels = 1_000_000
        #expect(
            error { _ = try analyse(big.path, limits: limits) }
                == "\(big.path): the picture is 1600x1200, more than the 1 megapixels allowed")
        #expect(try analyse(big.path).input.framesAnalysed == 1)
    }

    @Test func durationLimitEndsTheAnalysisAsPartial() throws {
        var limits = MediaLimits()
        limits.maxDurationSeconds = 3.5
        let report = try analyse(try TestMedia.path("videos/v01_webcam_gaze_left.mp4"), limits: limits)
        #expect(report.input.framesAnalysed == 4)
        #expect(report.input.partial)
        #expect(report.input.partialReason?.contains("duration limit") == true)
    }

    /// A display matrix at an odd angle used to swap width and height without turning the pixels (false no-face).
    /// The clip is stored turned (`transpose`, 1 = 90 degrees clockwise, 2 = counter-clockwise) so that the angle
    /// its matrix declares shows the face upright: turning to the nearest right angle finds the face in every frame.
    @Test(arguments: [(1, 0, 0), (45, 0, 0), (89, 1, 270), (90, 1, 270), (271, 2, 90)])
    func oddRotationsTurnToTheNearestRightAngle(angle: Int, transpose: Int, applied: Int) throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stored = folder.appendingPathComponent("stored.mp4")
        let rotated = folder.appendingPathComponent("rotated.mp4")
        try TestMedia.ffmpeg(
            ["-i", try TestMedia.path("videos/v04_phone_in_hands.mp4"), "-t", "4"]
                + (transpose == 0 ? [] : ["-vf", "transpose=\(transpose)"]) + [
                    "-c:v", "libx264", "-preset", "ultrafast",
                    stored.path,
                ])
        try TestMedia.ffmpeg(["-i", stored.path, "-c", "copy", "-metadata:s:v", "rotate=\(angle)", rotated.path])
        let report = try analyse(rotated.path)
        #expect(report.input.rotation == applied)
        #expect((report.input.width, report.input.height) == (596, 336))
        #expect(report.coverage.counts["one_face"] == report.input.framesAnalysed, "\(report.coverage.counts)")
        #expect(report.notes.contains { $0.contains("nearest right angle") } == (angle % 90 != 0))
    }

    @Test func strippedTimestampsFollowTheFrameRate() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let raw = folder.appendingPathComponent("raw.mp4")
        try TestMedia.ffmpeg([
            "-i", try TestMedia.path("videos/v01_webcam_gaze_left.mp4"), "-t", "3", "-an",
            "-c:v", "libx264", "-preset", "ultrafast", "-f", "h264", raw.path,
        ])
        let report = try analyse(raw.path)
        #expect(report.input.framesAnalysed == 3, "a 3 s raw H.264 stream is 3 s long, not one second a frame")
    }

    /// A quarter cut off a 4.6 s clip is partial; a clip whose audio outlasts its video, or whose frames are 5 s apart,
    /// is not.
    @Test func truncationIsJudgedOnTheVideoData() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try TestMedia.path("videos/v04_phone_in_hands.mp4")
        let faststart = folder.appendingPathComponent("faststart.mp4")
        let cut = folder.appendingPathComponent("cut.mp4")
        try TestMedia.ffmpeg(["-i", source, "-c", "copy", "-movflags", "+faststart", faststart.path])
        let data = try Data(contentsOf: faststart)
        try data.prefix(data.count * 3 / 4).write(to: cut)
        let longAudio = folder.appendingPathComponent("long_audio.mp4")
        let sparse = folder.appendingPathComponent("sparse.mp4")
        try TestMedia.ffmpeg([
            "-i", source, "-f", "lavfi", "-i", "sine=d=8", "-map", "0:v", "-map", "1:a", "-c:v", "copy",
            "-c:a", "aac", longAudio.path,
        ])
        try TestMedia.ffmpeg(["-i", source, "-vf", "fps=0.2", "-c:v", "libx264", "-preset", "ultrafast", sparse.path])
        #expect(try analyse(cut.path).input.partial)
        #expect(try !analyse(faststart.path).input.partial)
        #expect(try !analyse(longAudio.path).input.partial)
        #expect(try !analyse(sparse.path).input.partial)
    }

    /// Timestamps rewritten to go back 30 s after frame 40 (the muxer then repeats the last good one): the frames
    /// after it cannot be placed, and the report says so instead of looking complete.
    @Test func timestampsThatStopAdvancingMakeThePartial() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("back.mkv")
        try TestMedia.ffmpeg([
            "-i", try TestMedia.path("videos/v04_phone_in_hands.mp4"), "-t", "3", "-c:v", "libx264",
            "-preset", "ultrafast", "-bsf:v", "setts=ts=if(gt(N\\,40)\\,PTS-30000\\,PTS)", broken.path,
        ])
        let report = try analyse(broken.path)
        #expect(report.input.partial)
        #expect(report.input.partialReason?.contains("did not advance") == true, "\(report.input)")
    }

    /// A 1x40000 strip is measured on a copy of at most 320x640 (its memory is bounded by the hostile suite's RSS
    /// check; here, that it is measured at all, with the right brightness).
    @Test func aOnePixelWideStripIsMeasured() throws {
        let strip = Frame(
            index: 0, timestamp: 0, width: 1, height: 40_000, pixels: [UInt8](repeating: 128, count: 120_000))
        let measured = try ImageMeasurement.measure(strip)
        #expect(abs(measured.quality.brightness - 128) < 1)
    }
}
