import ProctorEngine
import Testing

/// When the expensive detectors run.
struct DetectorScheduleTests {
    @Test func intervalsAreInVideoSeconds() {
        var schedule = DetectorSchedule(objectInterval: 2, textInterval: 10, identityInterval: 30)
        let times = Array(stride(from: 0.0, through: 12, by: 0.5))
        var objects: [Double] = []
        var text: [Double] = []
        for time in times {
            if schedule.shouldDetectObjects(at: time, sceneChange: false) { objects.append(time) }
            if schedule.shouldDetectText(at: time, sceneChange: false) { text.append(time) }
        }
        #expect(objects == [0, 2, 4, 6, 8, 10, 12])
        #expect(text == [0, 10])
    }

    @Test func sceneChangesAndNewFaceTracksForceARun() {
        var schedule = DetectorSchedule(identityInterval: 30)
        let runs = [
            schedule.shouldDescribeIdentity(at: 0, newTrack: true, sceneChange: false),
            schedule.shouldDescribeIdentity(at: 1, newTrack: false, sceneChange: false),
            schedule.shouldDescribeIdentity(at: 2, newTrack: true, sceneChange: false),
            schedule.shouldDescribeIdentity(at: 33, newTrack: false, sceneChange: false),
            schedule.shouldDetectObjects(at: 0, sceneChange: false),
            schedule.shouldDetectObjects(at: 0.5, sceneChange: true),
            schedule.shouldDetectObjects(at: 1, sceneChange: false),
        ]
        #expect(runs == [true, false, true, true, true, true, false])
    }

    @Test func rapidCutsForceTextOnlyAfterAGap() {
        var schedule = DetectorSchedule(objectInterval: 3, textInterval: 20, identityInterval: 30)
        let runs = [0.0, 1, 2, 6, 7].map { schedule.shouldDetectText(at: $0, sceneChange: true) }
        #expect(runs == [true, false, false, true, false])
    }

    @Test func sceneChangeIsALowThumbnailCorrelation() {
        var schedule = DetectorSchedule()
        // A left-to-right gradient; the same picture brighter and noisier; then a top-to-bottom gradient.
        let horizontal = (0..<576).map { UInt8(60 + ($0 % 32) * 4) }
        let brighter = horizontal.enumerated().map { $1 + 30 + UInt8($0 % 3) }
        let vertical = (0..<576).map { UInt8(60 + ($0 / 32) * 8) }
        let changes = [
            schedule.isSceneChange(thumbnail: horizontal),  // the first frame starts a scene
            schedule.isSceneChange(thumbnail: brighter),
            schedule.isSceneChange(thumbnail: vertical),
        ]
        #expect(changes == [true, false, true])
    }

    @Test func flatPicturesFallBackToTheMeanDifference() {
        var schedule = DetectorSchedule()
        let grey = [UInt8](repeating: 100, count: 576)
        let changes = [
            schedule.isSceneChange(thumbnail: grey),
            schedule.isSceneChange(thumbnail: grey.map { $0 + 20 }),
            schedule.isSceneChange(thumbnail: grey.map { $0 + 100 }),
        ]
        #expect(changes == [true, false, true])
    }
}

/// When a face track starts (forcing an identity check).
struct FaceTrackTests {
    @Test func firstFaceAndJumpsStartTracks() {
        var schedule = DetectorSchedule()
        func starts(_ box: BoundingBox?) -> Bool { schedule.isNewFaceTrack(box, frameWidth: 1000, frameHeight: 500) }
        let centre = BoundingBox(left: 0.4, top: 0.3, width: 0.2, height: 0.3)
        let first = starts(centre)
        // Moved by 0.1 of the width (100 px), less than the face's width (200 px): same track.
        let small = starts(BoundingBox(left: 0.5, top: 0.3, width: 0.2, height: 0.3))
        // Moved by 0.3 (300 px), more than 200 px: new track.
        let jump = starts(BoundingBox(left: 0.8, top: 0.3, width: 0.2, height: 0.3))
        // A frame without a face ends the track; the next face starts one.
        _ = starts(nil)
        let afterGap = starts(centre)
        #expect(first && !small && jump && afterGap)
    }

    /// A swap without a cut or a jump of the face track (same room, same framing) is still examined: by default the
    /// identity runs at least once a second of video, so two examined frames fall within 3 s of any swap.
    @Test func identityIsExaminedEverySecondWithoutCutsOrNewTracks() {
        var schedule = DetectorSchedule()
        let times = stride(from: 0.0, through: 20.0, by: 0.5).filter {
            schedule.shouldDescribeIdentity(at: $0, newTrack: false, sceneChange: false)
        }
        let gaps = zip(times, times.dropFirst()).map { $1 - $0 }
        #expect(times.first == 0 && gaps.allSatisfy { $0 <= 1.0 + 1e-9 })
    }
}
