import CVision
import Foundation
import LocalVision
import ProctorMedia
import Testing

/// Tesseract reading inside the regions the text detector finds, on real stills.
struct TextReaderTests {
    private func readAll(_ file: String) throws -> String {
        let frame = try ImageLoader.load(path: try TestMedia.path("images/\(file)"))
        let detector = try TextDetector(modelDirectory: try TestMedia.modelDirectory())
        let reader = try TextReader()
        return try frame.pixels.withUnsafeBufferPointer { buffer in
            let image = cvn_image(pixels: buffer.baseAddress, width: Int32(frame.width), height: Int32(frame.height),
                                  stride: Int32(frame.width * 3))
            return try detector.detect(image: image).map { try reader.read(image: image, box: $0.box).text }
                .joined(separator: " ")
        }
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
        let pixels = [UInt8](repeating: 255, count: 30 * 20 * 3)
        try pixels.withUnsafeBufferPointer { buffer in
            let image = cvn_image(pixels: buffer.baseAddress, width: 30, height: 20, stride: 90)
            #expect(throws: VisionError.self) {
                try reader.read(image: image, box: PixelBox(x: 100, y: 100, width: 10, height: 10))
            }
        }
    }
}
