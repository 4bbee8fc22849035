import Foundation
import LocalVision
import ProctorEngine
import ProctorMedia
import Testing

/// Tesseract reading inside the regions the text detector finds, on real stills.
struct TextReaderTests {
    private func readAll(_ file: String) throws -> String {
        let frame = try ImageLoader.load(path: try TestMedia.path("images/\(file)"))
        let detector = try TextDetector(modelDirectory: try TestMedia.modelDirectory())
        let reader = try TextReader()
        return try detector.detect(in: frame).map { try reader.read(frame, box: $0.box).text }.joined(separator: " ")
    }

    @Test func readsTheStreetSign() throws {
        let text = try readAll("g01_text_sign_notice.jpg").uppercased()
        #expect(text.contains("NOTICE") || text.contains("PARKING"), "read: \(text)")
    }

    @Test func readsAPrintedPage() throws {
        let words = try readAll("f05_paper_printed_page.png").split(separator: " ")
        #expect(words.count >= 20, "read only \(words.count) words")
    }

    @Test func regionOutsideTheImageIsAnError() throws {
        let reader = try TextReader()
        let frame = Frame(
            index: 0, timestamp: 0, width: 30, height: 20, pixels: [UInt8](repeating: 255, count: 30 * 20 * 3))
        #expect(throws: VisionError.self) {
            try reader.read(frame, box: PixelBox(x: 100, y: 100, width: 10, height: 10))
        }
    }
}
