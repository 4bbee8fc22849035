import Foundation
import LocalVision
import ProctorEngine
import ProctorMedia
import ProctorPipeline
import Testing

/// The whole pipeline on the labelled shared videos.
@Suite(.serialized) struct RealVideoTests {
    private func analyse(_ file: String, fps: Double = 1) throws -> Report {
        let analysis = RecordingAnalysis(fps: fps, config: ProctorConfig(), evidenceDirectory: nil, toolVersion: "test")
        return try analysis.run(path: try TestMedia.path(file), analyzer: try TestMedia.analyzer())
    }

    @Test func surveillanceFootageHasNoUsableFace() throws {
        let report = try analyse("videos/v09_surveillance_no_face.mp4")
        let duration = try #require(report.input.durationSeconds)
        let covered = report.events.filter { $0.type == .noFaceDetected }.map(\.duration).reduce(0, +)
        #expect(covered >= 0.9 * duration, "no_face events cover \(covered) s of \(duration) s")
        #expect(report.coverage.counts["one_face"] == 0)
        #expect(!report.input.partial)
    }

    @Test func gazeOnlyLookingAwayIsFound() throws {
        for fps in [1.0, 2.0] {
            let report = try analyse("videos/v01_webcam_gaze_left.mp4", fps: fps)
            #expect(report.coverage.shares["one_face"]! >= 0.95)
            let away = report.events.filter { $0.type == .lookingAway }
            #expect(
                away.contains { $0.start <= 10.3 && $0.end >= 5.0 }, "no looking_away over 5.0-10.3 s at \(fps) fps")
            #expect(away.allSatisfy { $0.start >= 4 && $0.start <= 11.5 }, "stray looking_away at \(fps) fps: \(away)")
            // Head stays frontal: the eyes carry the deviation.
            let headYaws = report.timeline.compactMap { $0.gazeDeviation?.headYaw }
            #expect(headYaws.allSatisfy { abs($0) < 10 })
        }
    }

    /// The eyes-only glance of v01 mirrored left to right: the same event, the eyes' deviation of the opposite sign
    /// and of about the same size (the eye estimate is symmetric).
    @Test func theMirroredGlanceIsTheMirroredResult() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mirrored = folder.appendingPathComponent("v01_mirrored.mp4")
        try TestMedia.ffmpeg([
            "-i", try TestMedia.path("videos/v01_webcam_gaze_left.mp4"), "-vf", "hflip", "-c:v", "libx264", "-crf",
            "18", mirrored.path,
        ])
        let analysis = RecordingAnalysis(fps: 2, config: ProctorConfig(), evidenceDirectory: nil, toolVersion: "test")
        let original = try analyse("videos/v01_webcam_gaze_left.mp4", fps: 2)
        let flipped = try analysis.run(path: mirrored.path, analyzer: try TestMedia.analyzer())
        for report in [original, flipped] {
            let away = report.events.filter { $0.type == .lookingAway }
            #expect(away.count == 1 && away.allSatisfy { $0.start <= 6.5 && $0.end >= 9.5 && $0.end <= 11 }, "\(away)")
        }
        func glance(_ report: Report) -> Double {
            let inside = report.timeline.filter { (6.5...9.5).contains($0.timestamp) }.compactMap {
                $0.gazeDeviation?.eyeYaw
            }
            return inside.reduce(0, +) / Double(max(1, inside.count))
        }
        let (left, right) = (glance(original), glance(flipped))
        #expect(left < -12 && right > 12 && abs(left + right) < 5, "glance \(left) vs mirrored \(right)")
    }

    @Test func audienceShotRaisesMultipleFaces() throws {
        let report = try analyse("videos/v05_stage_cuts_profile_multiface.mp4", fps: 2)
        let multiple = report.events.filter { $0.type == .multipleFacesDetected }
        #expect(multiple.contains { $0.start <= 9.18 && $0.end >= 7.04 && $0.severity == .critical })
    }

    @Test func rotatedRecordingComesOutPortrait() throws {
        let sampler = try VideoSampler(
            path: try TestMedia.path("videos/originals/ProctoringAI_center_left_center.mp4"), fps: 1)
        #expect(sampler.info.rotation == 90)
        #expect(sampler.info.width < sampler.info.height)
        let frame = try #require(try sampler.next())
        #expect(frame.width == sampler.info.width && frame.height == sampler.info.height)
        // The face is upright in the rotated picture: eyes above the mouth.
        let observation = try FrameStream(try TestMedia.analyzer()).analyze(frame)
        let face = try #require(observation.faces.first)
        let eye = try #require(face.landmarks.first { $0.type == .leftEye })
        let mouth = try #require(face.landmarks.first { $0.type == .mouthLeft })
        #expect(eye.y < mouth.y)
    }

    @Test func samplingFollowsPresentationTimestamps() throws {
        let sampler = try VideoSampler(
            path: try TestMedia.path("videos/v03_talking_head_woman_watermark.mp4"), fps: 0.5)
        var timestamps: [Double] = []
        while let frame = try sampler.next() { timestamps.append(frame.timestamp) }
        #expect(timestamps.count == 8)  // 0, 2, ..., 14 s of a 15.48 s clip
        for (index, timestamp) in timestamps.enumerated() {
            #expect(abs(timestamp - Double(index) * 2) < 0.05)
        }
        #expect(sampler.interruption == nil)
    }

    @Test func variableFrameRateSamplesByTimestamp() throws {
        // 24 fps for the first 5 s, then every sixth frame only (4 fps): a frame-counting sampler would drift.
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let vfr = folder.appendingPathComponent("vfr.mp4")
        try TestMedia.ffmpeg([
            "-i", try TestMedia.path("videos/v01_webcam_gaze_left.mp4"),
            "-vf", "select='lt(t\\,5)+not(mod(n\\,6))'", "-fps_mode", "vfr",
            "-c:v", "libx264", "-preset", "ultrafast", vfr.path,
        ])
        let sampler = try VideoSampler(path: vfr.path, fps: 2)
        var timestamps: [Double] = []
        while let frame = try sampler.next() { timestamps.append(frame.timestamp) }
        #expect(timestamps.count == 31)
        for (index, timestamp) in timestamps.enumerated() {
            #expect(abs(timestamp - Double(index) * 0.5) < 0.05, "sample \(index) at \(timestamp) s")
        }
    }

    @Test(arguments: ["lutyuv=y=val*0.15", "gblur=sigma=12"])
    func poorPictureIsInsufficientEvidenceNotNoFace(filter: String) throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let degraded = folder.appendingPathComponent("degraded.mp4")
        try TestMedia.ffmpeg([
            "-i", try TestMedia.path("videos/v09_surveillance_no_face.mp4"), "-t", "10",
            "-vf", filter, degraded.path,
        ])
        let report = try RecordingAnalysis(fps: 1, config: ProctorConfig(), evidenceDirectory: nil, toolVersion: "test")
            .run(path: degraded.path, analyzer: try TestMedia.analyzer())
        #expect(report.summary.assessment == "insufficient_evidence")
        // Nothing is concluded from a picture this poor: no face alerts, no detector alerts.
        #expect(report.events.map(\.type) == [.insufficientEvidence])
        #expect(report.coverage.counts["poor_quality"] == report.input.framesAnalysed)
    }

    @Test func aDifferentPersonAfterACutIsFlaggedWithinThreeSeconds() throws {
        // 6 s of person A (v01), then 6 s of person B (v03, letterboxed to the same size): a hard cut at 6 s.
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spliced = folder.appendingPathComponent("spliced.mp4")
        try TestMedia.ffmpeg([
            "-i", try TestMedia.path("videos/v01_webcam_gaze_left.mp4"),
            "-i", try TestMedia.path("videos/v03_talking_head_woman_watermark.mp4"),
            "-filter_complex",
            "[0:v]trim=0:6,setpts=PTS-STARTPTS,fps=24,setsar=1[a];"
                + "[1:v]trim=0:6,setpts=PTS-STARTPTS,scale=480:-2,pad=480:848:0:(oh-ih)/2,fps=24,setsar=1[b];"
                + "[a][b]concat=n=2:v=1[out]",
            "-map", "[out]", "-c:v", "libx264", "-preset", "ultrafast", spliced.path,
        ])
        let report = try RecordingAnalysis(fps: 1, config: ProctorConfig(), evidenceDirectory: nil, toolVersion: "test")
            .run(path: spliced.path, analyzer: try TestMedia.analyzer())
        #expect(report.identity?.referenceSource == "first_confident_face")
        let mismatches = report.events.filter { $0.type == .faceMismatch }
        let first = try #require(mismatches.first, "no face_mismatch after the cut")
        #expect(first.start >= 6 && first.start <= 9, "face_mismatch at \(first.start) s")
        #expect(first.severity == .critical)
        #expect((first.details?.identityDistance ?? 0) > (first.details?.identityThreshold ?? 1))
        #expect(mismatches.allSatisfy { $0.start >= 6 }, "face_mismatch before the cut")
    }
}
