@testable import ProctorEngine

/// Hand-made observations for engine tests.
enum Fixtures {
    static let goodQuality = ImageQuality(brightness: 120, sharpness: 100)

    static func face(
        confidence: Double = 0.95, yaw: Double = 0, pitch: Double = 0, roll: Double = 0,
        eyeYaw: Double? = 0, left: Double = 0.4, width: Double = 0.2
    ) -> FaceObservation {
        FaceObservation(
            box: BoundingBox(left: left, top: 0.4, width: width, height: width),
            confidence: confidence, pose: HeadPose(yaw: yaw, pitch: pitch, roll: roll),
            eyeDirection: eyeYaw.map { EyeDirection(yaw: $0, pitch: 0, confidence: 1) })
    }

    static func frame(
        _ index: Int, _ faces: [FaceObservation], quality: ImageQuality? = goodQuality,
        fps: Double = 1
    ) -> FrameObservation {
        FrameObservation(index: index, timestamp: Double(index) / fps, faces: faces, quality: quality)
    }

    /// Feeds `faces(i)` for frames 0..<count and returns each frame's record and the finished session.
    static func run(
        _ count: Int, config: ProctorConfig = ProctorConfig(),
        faces: (Int) -> [FaceObservation]
    ) -> (records: [FrameRecord], outcome: SessionOutcome) {
        var session = ProctorSession(config: config)
        let records = (0..<count).map { session.ingest(frame($0, faces($0))) }
        return (records, session.finish())
    }

    static func events(_ outcome: SessionOutcome, _ type: AlertType) -> [AlertEvent] {
        outcome.events.filter { $0.type == type }
    }
}
