import Foundation
import ProctorEngine
import ProctorServer

/// A backend for in-process API tests that speaks the real `LiveAnalyzer` seam without models: the frame's mean
/// pixel value says what it shows. Below 64: no face; 64-191: one face looking at the camera; 192 and above: two
/// faces. Every face has an identity descriptor derived from the value's band, so "the same person" is the same
/// band.
final class ScriptedAnalyzer: LiveAnalyzer, @unchecked Sendable {
    let backendName = "scripted"
    let models: [ModelInfo] = [ModelInfo(id: "scripted", file: "none", sha256: "0", verified: true)]
    let schedule = DetectorSchedule.everyFrame

    static func faces(forMean mean: Double) -> [FaceObservation] {
        let count = mean < 64 ? 0 : mean < 192 ? 1 : 2
        return (0..<count).map { position in
            FaceObservation(
                box: BoundingBox(left: 0.1 + 0.45 * Double(position), top: 0.2, width: 0.3, height: 0.4),
                confidence: 0.95, pose: HeadPose(yaw: 0, pitch: 0, roll: 0),
                expressions: ["NEUTRAL": 0.9, "HAPPY": 0.1],
                identity: IdentityDescriptor(vector: [Float(mean / 255), 0], sameThreshold: 0.2))
        }
    }

    func analyze(_ frame: Frame, schedule: inout DetectorSchedule) throws -> FrameObservation {
        let mean =
            frame.pixels.isEmpty ? 0 : Double(frame.pixels.reduce(0) { $0 + Int($1) }) / Double(frame.pixels.count)
        return FrameObservation(
            index: frame.index, timestamp: frame.timestamp, faces: Self.faces(forMean: mean),
            quality: ImageQuality(brightness: max(mean, 30), sharpness: 50), objects: [], text: [])
    }

    func singleFace(in image: Frame, role: String, selection: FaceSelection) throws
        -> (face: FaceObservation, descriptor: IdentityDescriptor, otherFaces: Int)
    {
        var schedule = self.schedule
        let choice = try SingleFace.pick(
            from: try analyze(image, schedule: &schedule).faces, role: role,
            selection: selection)
        guard let descriptor = choice.face.identity else { throw SingleFaceError.notDescribable(role) }
        return (choice.face, descriptor, choice.otherFaces)
    }
}
