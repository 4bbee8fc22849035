import Foundation
import LocalVision
import ProctorEngine
import ProctorMedia
import Testing

/// Face identity descriptors (FaceEmbedder -> dlib) on the labelled identity stills, with YuNet's face boxes.
struct FaceEmbedderTests {
    /// Stills with an `identity=` label: Obama b01/b02, Biden b04, Jolie i01/i02, Johansson i05/i06.
    static let stills = [
        "b01_oneface_obama.jpg", "b02_oneface_obama_podium.jpg", "b04_oneface_biden_smiling.jpg",
        "i01_id_angelina_jolie_a.jpg", "i02_id_angelina_jolie_b.jpg", "i05_id_scarlett_johansson_a.jpg",
        "i06_id_scarlett_johansson_b.jpg",
    ]

    static func embedder() throws -> FaceEmbedder {
        let directory = try TestMedia.modelDirectory()
        for file in ["shape_predictor_5_face_landmarks.dat", "dlib_face_recognition_resnet_model_v1.dat"]
        where !FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path) {
            throw TestMedia.Missing(
                description: "\(file) not found in \(directory.path): run "
                    + "scripts/setup.sh --mirror ../shared/models (or python3 scripts/fetch_models.py)")
        }
        return try FaceEmbedder(modelDirectory: directory)
    }

    /// The identity label of a still from labels.csv.
    static func identity(of file: String) throws -> String {
        let labels = try TestMedia.labels(for: "images/\(file)").map(\.label)
        guard let label = labels.first(where: { $0.hasPrefix("identity=") }) else {
            throw TestMedia.Missing(description: "no identity= label for images/\(file) in labels.csv")
        }
        return String(label.dropFirst("identity=".count))
    }

    /// The best face YuNet finds in the still, in pixels.
    static func faceBox(_ frame: Frame, _ file: String) throws -> PixelBox {
        let observation = try FrameStream(try TestMedia.analyzer()).analyze(frame)
        let face = try #require(observation.faces.max(by: { $0.confidence < $1.confidence }), "no face in \(file)")
        return PixelBox(face.box, in: frame)
    }

    /// Same-person pairs (i01/i02, i05/i06, b01/b02) fall below the threshold, every pair of distinct people above it.
    /// Prints the distance table and the time per descriptor.
    @Test func distancesSeparateIdentities() throws {
        let embedder = try Self.embedder()
        #expect(embedder.models.map(\.id) == [FaceEmbedder.shapePredictorId, FaceEmbedder.recognitionModelId])
        #expect(embedder.models.allSatisfy { $0.verified })

        var names: [String] = []
        var identities: [String] = []
        var descriptors: [[Float]] = []
        var elapsed = Duration.zero
        for file in Self.stills {
            let frame = try ImageLoader.load(path: try TestMedia.path("images/\(file)"))
            let box = try Self.faceBox(frame, file)
            let start = ContinuousClock.now
            let descriptor = try embedder.descriptor(frame, face: box)
            elapsed += ContinuousClock.now - start
            #expect(descriptor.count == FaceEmbedder.descriptorSize)
            #expect(descriptor.allSatisfy { $0.isFinite }, "\(file)")
            names.append(String(file.prefix(3)))
            identities.append(try Self.identity(of: file))
            descriptors.append(descriptor)
        }
        let milliseconds =
            (Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
            / Double(Self.stills.count)
        print("FaceEmbedder: \(Int(milliseconds.rounded())) ms per descriptor; distances:")
        print("     " + names.map { $0.padding(toLength: 6, withPad: " ", startingAt: 0) }.joined())
        for i in names.indices {
            let row = names.indices.map {
                String(format: "%.3f ", FaceEmbedder.distance(descriptors[i], descriptors[$0]))
            }
            print("\(names[i])  " + row.joined())
        }

        let threshold = FaceEmbedder.samePersonThreshold
        var samePairs = 0
        for i in names.indices {
            for j in names.indices where j > i {
                let distance = FaceEmbedder.distance(descriptors[i], descriptors[j])
                if identities[i] == identities[j] {
                    samePairs += 1
                    #expect(distance < threshold, "\(names[i]) and \(names[j]) (\(identities[i])): \(distance)")
                } else {
                    #expect(
                        distance > threshold,
                        "\(names[i]) (\(identities[i])) and \(names[j]) (\(identities[j])): \(distance)")
                }
            }
        }
        #expect(samePairs == 3)
    }

    /// The Frame convenience (relative box) gives the same descriptor as the pixel-box call, and a repeated call the
    /// same values.
    @Test func frameConvenienceMatchesPixelBox() throws {
        let embedder = try Self.embedder()
        let file = "i05_id_scarlett_johansson_a.jpg"
        let frame = try ImageLoader.load(path: try TestMedia.path("images/\(file)"))
        let face = try #require(try FrameStream(try TestMedia.analyzer()).analyze(frame).faces.first)
        let relative = try embedder.descriptor(frame: frame, box: face.box)
        let box = try Self.faceBox(frame, file)
        let pixel = try embedder.descriptor(frame, face: box)
        #expect(FaceEmbedder.distance(relative, pixel) < 1e-4)
    }

    @Test func badBoxesThrow() throws {
        let embedder = try Self.embedder()
        let frame = Frame(
            index: 0, timestamp: 0, width: 64, height: 48,
            pixels: [UInt8](repeating: 128, count: 64 * 48 * 3))
        for box in [
            PixelBox(x: 10, y: 10, width: 0, height: 20), PixelBox(x: 100, y: 10, width: 20, height: 20),
            PixelBox(x: .nan, y: 0, width: 20, height: 20),
        ] {
            #expect(throws: VisionError.self, "\(box)") { try embedder.descriptor(frame, face: box) }
        }
    }

    @Test func distanceIsEuclidean() {
        #expect(FaceEmbedder.distance([0, 0, 0], [3, 4, 0]) == 5)
        #expect(FaceEmbedder.distance([1, 2], [1, 2]) == 0)
    }
}
