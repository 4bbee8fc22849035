import CVision
import Foundation
import ProctorMedia
import Testing

@testable import LocalVision

/// The blendshape model's C++ forward pass (FaceBlendshapes -> cvn_blendshape_model_score) against an independent
/// numpy pass (scripts/convert/blendshape_reference.py) on the landmarks of a real face, and what the expression rule
/// makes of real faces.
struct BlendshapeModelTests {
    struct Fixture: Codable {
        var file: String
        var landmarks: [Float]
        var scores: [Double]?
    }

    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/blendshape_reference.json")
    static let tolerance = 1e-4

    static func blendshapes() throws -> FaceBlendshapes {
        try FaceBlendshapes(modelDirectory: try TestMedia.modelDirectory())
    }

    /// The 478 landmarks of the one face in a still, as the analyzer computes them.
    static func landmarks(of file: String) throws -> [Float] {
        let frame = try ImageLoader.load(path: try TestMedia.path("images/\(file)"))
        let directory = try TestMedia.modelDirectory()
        let detector = try FaceDetector(modelDirectory: directory)
        let landmarker = try EyeLandmarker(modelDirectory: directory)
        return try frame.withCImage { image in
            let face = try #require(try detector.detect(image: image).max { $0.score < $1.score })
            let found = try landmarker.locate(
                image: image, box: face.box, leftEye: face.landmarks[0], rightEye: face.landmarks[1],
                withLandmarks: true)
            return try #require(found.landmarks)
        }
    }

    /// With PROCTOR_WRITE_FIXTURES=1, writes the fixture's landmarks (then run scripts/convert/blendshape_reference.py
    /// on it to add the reference scores).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PROCTOR_WRITE_FIXTURES"] == "1"))
    func writeFixtureLandmarks() throws {
        let fixture = Fixture(file: "h04_emotion_happy.jpg", landmarks: try Self.landmarks(of: "h04_emotion_happy.jpg"))
        try JSONEncoder().encode(fixture).write(to: Self.fixtureURL)
    }

    @Test func matchesTheReferenceForwardPass() throws {
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: Self.fixtureURL))
        let expected = try #require(fixture.scores)
        let scores = try Self.blendshapes().scores(landmarks: fixture.landmarks)
        #expect(scores.count == 52 && expected.count == 52)
        for (name, reference) in zip(FaceBlendshapes.names, expected) {
            let actual = try #require(scores[name])
            #expect(abs(actual - reference) <= Self.tolerance, "\(name): C++ \(actual), numpy \(reference)")
        }
        // The fixture's landmarks are still what the mesh gives for its face (so the fixture stays meaningful).
        let fresh = try Self.landmarks(of: fixture.file)
        let drift = zip(fresh, fixture.landmarks).map { abs($0 - $1) }.max() ?? .infinity
        #expect(drift < 0.5, "landmarks moved by up to \(drift) px since the fixture was written")
    }

    /// A broad smile scores mouthSmile far above 0.5 and reads HAPPY; a neutral face reads CALM.
    @Test func smileAndNeutralFaceReadAsSuch() throws {
        let model = try Self.blendshapes()
        let happy = try model.scores(landmarks: try Self.landmarks(of: "h04_emotion_happy.jpg"))
        #expect((happy["mouthSmileLeft"]! + happy["mouthSmileRight"]!) / 2 > 0.5, "\(happy)")
        let happyShares = BlendshapeExpressions.expressions(from: happy)
        #expect(happyShares.max { $0.value < $1.value }?.key == "HAPPY", "\(happyShares)")
        let neutral = BlendshapeExpressions.expressions(
            from: try model.scores(landmarks: try Self.landmarks(of: "h05_emotion_neutral.jpg")))
        #expect(neutral.max { $0.value < $1.value }?.key == "CALM", "\(neutral)")
        #expect(abs(neutral.values.reduce(0, +) - 1) < 1e-9 && neutral["SAD"] == nil && neutral["FEAR"] == nil)
    }

    @Test func unusableLandmarksAreErrors() throws {
        let model = try Self.blendshapes()
        var broken = [Float](repeating: 10, count: 956)
        #expect(throws: VisionError.self) { try model.scores(landmarks: broken) }  // all at one point
        broken[0] = .nan
        #expect(throws: VisionError.self) { try model.scores(landmarks: broken) }
    }

    /// A truncated or foreign weights file is refused with the reason, never read past its end.
    @Test func damagedWeightsAreRefused() throws {
        let source = try TestMedia.modelDirectory().appendingPathComponent("mp_face_blendshapes.tensors")
        let data = try Data(contentsOf: source)
        let scratch = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for (name, bytes, reason) in [
            ("truncated", data.prefix(data.count - 10), "ends inside"), ("padded", data + Data([0]), "trailing"),
            ("foreign", Data("GGUF".utf8) + data, "not a proctor tensor file"),
        ] {
            let path = scratch.appendingPathComponent(name).path
            try bytes.write(to: URL(fileURLWithPath: path))
            var handle: OpaquePointer?
            var error = [CChar](repeating: 0, count: 256)
            #expect(cvn_blendshape_model_create(path, &handle, &error, error.count) == Int32(CV_ERROR) && handle == nil)
            #expect(cString(error).contains(reason), "\(name): \(cString(error))")
        }
    }
}
