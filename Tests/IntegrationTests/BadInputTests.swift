import Foundation
import LocalVision
import ProctorEngine
import ProctorMedia
import ProctorPipeline
import Testing

/// Corrupt, truncated, empty and missing inputs give a clear error or a report marked partial; never a crash.
@Suite(.serialized) struct BadInputTests {
    private func analyse(_ path: String) throws -> Report {
        try RecordingAnalysis(fps: 1, config: ProctorConfig(), evidenceDirectory: nil, toolVersion: "test")
            .run(path: path, analyzer: try TestMedia.analyzer())
    }

    @Test func missingEmptyAndGarbageFilesGiveNamedErrors() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.mp4")
        #expect(FileManager.default.createFile(atPath: empty.path, contents: Data()))
        let garbage = folder.appendingPathComponent("garbage.mp4")
        // Fixed bytes (SplitMix64 from a constant seed): random ones are, very rarely, probed as some raw stream.
        var state: UInt64 = 0x5EED
        let bytes = (0..<200_000).map { _ -> UInt8 in
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return UInt8(truncatingIfNeeded: mixed ^ (mixed >> 31))
        }
        #expect(FileManager.default.createFile(atPath: garbage.path, contents: Data(bytes)))
        let text = folder.appendingPathComponent("notes.mp4")
        #expect(FileManager.default.createFile(atPath: text.path, contents: Data("just some text\n".utf8)))
        for path in [
            folder.appendingPathComponent("absent.mp4").path, empty.path, garbage.path, text.path, folder.path,
        ] {
            do {
                _ = try analyse(path)
                Issue.record("\(path) was accepted")
            } catch let error as MediaError {
                #expect(error.description.hasPrefix(path), "error does not name the file: \(error)")
                #expect(!error.description.contains("\n"))
            }
        }
    }

    @Test func truncatedMP4WithIndexAtTheEndIsAClearError() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try TestMedia.path("videos/v01_webcam_gaze_left.mp4")
        let moovLast = folder.appendingPathComponent("moov_last.mp4")
        try TestMedia.ffmpeg(["-i", source, "-c", "copy", moovLast.path])
        let data = try Data(contentsOf: moovLast)
        let cut = folder.appendingPathComponent("cut.mp4")
        try data.prefix(data.count / 2).write(to: cut)
        #expect(throws: MediaError.self) { try analyse(cut.path) }
    }

    @Test func streamThatBreaksMidwayYieldsAPartialReport() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try TestMedia.path("videos/v01_webcam_gaze_left.mp4")
        let faststart = folder.appendingPathComponent("faststart.mp4")
        try TestMedia.ffmpeg(["-i", source, "-c", "copy", "-movflags", "+faststart", faststart.path])
        let data = try Data(contentsOf: faststart)
        let cut = folder.appendingPathComponent("cut.mp4")
        try data.prefix(data.count * 45 / 100).write(to: cut)
        let report = try analyse(cut.path)
        #expect(report.input.partial)
        #expect(report.input.partialReason != nil)
        #expect(report.input.framesAnalysed >= 3)
        #expect((report.input.lastFrameSeconds ?? 99) < 12)
    }

    @Test(arguments: [
        ("webm", ["-c:v", "libvpx", "-b:v", "1M"]),
        ("webm", ["-c:v", "libvpx-vp9", "-b:v", "1M", "-deadline", "realtime", "-cpu-used", "8"]),
        ("avi", ["-c:v", "mpeg4", "-q:v", "4"]),
        ("mkv", ["-c:v", "libx264", "-preset", "ultrafast"]),
    ])
    func otherContainersAndCodecsDecode(container: String, codec: [String]) throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("clip.\(container)")
        try TestMedia.ffmpeg(
            ["-i", try TestMedia.path("videos/v01_webcam_gaze_left.mp4"), "-t", "4"] + codec + [output.path])
        let report = try analyse(output.path)
        #expect(report.input.framesAnalysed == 4, "\(codec)")
        #expect(report.coverage.counts["one_face"] == 4)
        #expect(!report.input.partial)
    }

    @Test func originalAVIDecodes() throws {
        let sampler = try VideoSampler(path: try TestMedia.path("videos/originals/opencv_vtest.avi"), fps: 1)
        var count = 0
        while try sampler.next() != nil { count += 1 }
        #expect(count == 80)
        #expect(sampler.info.codec == "msmpeg4v3")
    }

    @Test func badImagesGiveClearErrors() {
        #expect(throws: MediaError.self) { try ImageLoader.decode(Data("nope".utf8), name: "upload") }
        #expect(throws: MediaError.self) { try ImageLoader.decode(Data(), name: "upload") }
        #expect(throws: MediaError.self) {
            try ImageLoader.decode(Data(count: MediaLimits().maxImageBytes + 1), name: "big")
        }
    }
}
