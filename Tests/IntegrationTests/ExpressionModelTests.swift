import Foundation
import LocalVision
import ProctorEngine
import ProctorMedia
import Testing

/// The converted expression model run by OpenCV (ExpressionClassifier -> cvn_expression_classify) against the
/// reference forward pass of the original Keras weights on real faces (Fixtures/expression_reference.json, written
/// by scripts/convert/fer_reference.py with the same fixed face boxes).
struct ExpressionModelTests {
    struct Reference: Decodable {
        struct Face: Decodable {
            let file: String
            let box: [Double]
            let label: String
            let probabilities: [Double]
        }
        let classes: [String]
        let faces: [Face]
    }

    static let stills = [
        "h01_emotion_angry.jpg", "h04_emotion_happy.jpg", "h05_emotion_neutral.jpg",
        "h07_emotion_surprised.jpg", "b06_oneface_justin_smiling.jpg",
    ]
    /// Stills whose top class must be HAPPY.
    static let happy: Set = ["h04_emotion_happy.jpg", "b06_oneface_justin_smiling.jpg"]
    static let tolerance = 1e-3

    static func reference() throws -> Reference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/expression_reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    static func classifier() throws -> ExpressionClassifier {
        let directory = try TestMedia.modelDirectory()
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("fer_expression.onnx").path)
        else {
            throw TestMedia.Missing(
                description: "fer_expression.onnx not found in \(directory.path): run "
                    + "scripts/setup.sh --mirror ../shared/models (or python3 scripts/fetch_models.py)")
        }
        return try ExpressionClassifier(modelDirectory: directory)
    }

    @Test(arguments: stills) func matchesKerasReference(file: String) throws {
        let reference = try Self.reference()
        #expect(reference.classes == ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"])
        let face = try #require(reference.faces.first { $0.file == "images/\(file)" }, "\(file) not in the fixture")
        let frame = try ImageLoader.load(path: try TestMedia.path(face.file))
        let classifier = try Self.classifier()
        #expect(classifier.model.id == "fer_expression" && classifier.model.verified)
        let box = PixelBox(x: face.box[0], y: face.box[1], width: face.box[2], height: face.box[3])
        let result = try classifier.classify(frame, face: box)

        #expect(Set(result.keys) == Set(ExpressionClassifier.classes))
        #expect(
            abs(result.values.reduce(0, +) - 1) < 1e-4, "\(file): probabilities sum to \(result.values.reduce(0, +))")
        for (name, expected) in zip(ExpressionClassifier.classes, face.probabilities) {
            let actual = try #require(result[name])
            #expect(
                abs(actual - expected) <= Self.tolerance,
                "\(file) \(name): OpenCV \(actual), Keras reference \(expected)")
        }
        let top = result.max { $0.value < $1.value }!
        let difference = zip(ExpressionClassifier.classes, face.probabilities).map { abs(result[$0]! - $1) }.max()!
        print(
            "expression \(file): top \(top.key) \(String(format: "%.3f", top.value)) (label \(face.label)); "
                + "max difference from the Keras reference \(String(format: "%.2g", difference))")
        if Self.happy.contains(file) {
            #expect(top.key == "HAPPY", "\(file): top class \(top.key) \(top.value), label says happy")
        }
    }

    @Test func emptyBoxIsAnError() throws {
        let frame = try ImageLoader.load(path: try TestMedia.path("images/h04_emotion_happy.jpg"))
        let classifier = try Self.classifier()
        for box in [
            PixelBox(x: 600, y: 10, width: 50, height: 50), PixelBox(x: 10, y: 10, width: 0, height: 40),
            PixelBox(x: -100, y: -100, width: 50, height: 50),
        ] {
            #expect(throws: VisionError.self) { try classifier.classify(frame, face: box) }
        }
        // A box reaching past the edges is clipped, not refused.
        let clipped = try classifier.classify(
            frame,
            face: PixelBox(
                x: -20, y: -20, width: Double(frame.width) + 40,
                height: 100))
        #expect(clipped.count == ExpressionClassifier.classes.count)
    }
}
