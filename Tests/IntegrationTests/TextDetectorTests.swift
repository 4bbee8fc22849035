import Foundation
import LocalVision
import ProctorEngine
import ProctorMedia
import Testing

/// The PP-OCRv4 text detector (TextDetector -> cvn_text_detector_detect) on the labelled stills, at the default
/// max side and min score.
struct TextDetectorTests {
    /// Stills labelled `text`, plus a06 (the "using droidcam.app" overlay and book spines), which it finds too.
    static let textStills = [
        "g01_text_sign_notice.jpg", "g04_text_and_face_facebook.jpg", "g05_text_and_face_spacex.jpg",
        "f05_paper_printed_page.png", "f06_paper_scanned_page.png", "a06_noface_bookshelf_webcam.jpg",
    ]
    /// Stills with a face and no text label (i02, c02 and c03 show real text and are left out).
    static let faceOnlyStills = [
        "b01_oneface_obama.jpg", "b02_oneface_obama_podium.jpg", "b04_oneface_biden_smiling.jpg",
        "b05_oneface_astronaut.png", "b06_oneface_justin_smiling.jpg", "h01_emotion_angry.jpg",
        "h02_emotion_disgusted.jpg", "h04_emotion_happy.jpg", "h05_emotion_neutral.jpg", "h07_emotion_surprised.jpg",
        "h08_emotion_surprised_2.jpg", "i01_id_angelina_jolie_a.jpg", "i05_id_scarlett_johansson_a.jpg",
        "i06_id_scarlett_johansson_b.jpg",
    ]
    /// Face-only stills allowed to show text regions. Measured at 640 px / 0.7: 5 of 14 do. Two of them show real
    /// lettering the labels do not mention (i01: "DI" of a backdrop at 0.98; b05: the mission patch, 0.85); the
    /// other three are false: a painted landscape behind b04 (0.98), the eyes on b06 (0.86), the whole grimacing
    /// face on h02 (0.98). A sixth still means the detector or its preprocessing changed.
    static let maxFaceOnlyStillsWithText = 5

    static func detector() throws -> TextDetector { try TextDetector(modelDirectory: try TestMedia.modelDirectory()) }

    static func detect(_ detector: TextDetector, _ file: String) throws -> (regions: [TextRegion], frame: Frame) {
        let frame = try ImageLoader.load(path: try TestMedia.path("images/\(file)"))
        let regions = try detector.detect(in: frame, minScore: TextDetector.defaultMinScore)
        return (regions, frame)
    }

    static func summary(_ file: String, _ regions: [TextRegion]) -> String {
        "\(file): \(regions.count) text regions, top score "
            + (regions.first.map { String(format: "%.2f", $0.confidence) } ?? "-")
    }

    @Test(arguments: textStills) func findsTextOnTextStills(file: String) throws {
        if file != "a06_noface_bookshelf_webcam.jpg" {
            #expect(try TestMedia.labels(for: "images/\(file)").contains { $0.label == "text" }, "\(file)")
        }
        let detector = try Self.detector()
        #expect(detector.model.id == TextDetector.modelId && detector.model.verified)
        let (regions, frame) = try Self.detect(detector, file)
        print(Self.summary(file, regions))
        #expect(!regions.isEmpty, "no text found on \(file)")
        for region in regions {
            #expect(region.confidence >= Double(TextDetector.defaultMinScore) && region.confidence <= 1)
            #expect(region.box.x >= 0 && region.box.y >= 0 && region.box.width > 0 && region.box.height > 0)
            #expect(region.box.x + region.box.width <= Double(frame.width) + 0.01)
            #expect(region.box.y + region.box.height <= Double(frame.height) + 0.01)
        }
        #expect(zip(regions, regions.dropFirst()).allSatisfy { $0.confidence >= $1.confidence }, "not best first")
    }

    @Test func findsEveryLineOfThePrintedPage() throws {
        // f05: 13 lines of print; each comes back as one wide, short region.
        let (regions, frame) = try Self.detect(try Self.detector(), "f05_paper_printed_page.png")
        #expect(regions.count == 13)
        #expect(regions.allSatisfy { $0.box.width > 3 * $0.box.height && $0.box.width > Double(frame.width) / 3 })
    }

    @Test func fewFaceOnlyStillsShowText() throws {
        let detector = try Self.detector()
        var withText: [String] = []
        for file in Self.faceOnlyStills {
            let (regions, _) = try Self.detect(detector, file)
            print(Self.summary(file, regions))
            if !regions.isEmpty { withText.append(file) }
        }
        print("face-only stills with text regions: \(withText.count) of \(Self.faceOnlyStills.count): \(withText)")
        #expect(withText.count <= Self.maxFaceOnlyStillsWithText, "\(withText)")
    }

    @Test func resultsDoNotDependOnThePreviousFrameSize() throws {
        // OpenCV 4.6 with layer fusion returned wrong maps for this model after an input size change.
        let detector = try Self.detector()
        let first = try Self.detect(detector, "g01_text_sign_notice.jpg").regions
        _ = try Self.detect(detector, "f06_paper_scanned_page.png")
        _ = try Self.detect(detector, "b04_oneface_biden_smiling.jpg")
        let again = try Self.detect(detector, "g01_text_sign_notice.jpg").regions
        #expect(first == again)
        #expect(first.count == 5)
    }

    @Test func rejectsBadInputWithoutCrashing() throws {
        let directory = try TestMedia.modelDirectory()
        #expect(throws: ModelError.self) { try TextDetector(modelDirectory: directory, maxSide: 650) }
        let detector = try Self.detector()
        #expect(throws: VisionError.self) {
            try detector.detect(in: Frame(index: 0, timestamp: 0, width: 0, height: 0, pixels: []))
        }
        let tiny = Frame(index: 0, timestamp: 0, width: 5, height: 3, pixels: [UInt8](repeating: 255, count: 5 * 3 * 3))
        let regions = try detector.detect(in: tiny)
        #expect(regions.isEmpty)
    }
}
