import CVision
import Foundation
import ProctorCore
import ProctorMedia

/// Reads the text inside detected text regions with Tesseract (Debian's `libtesseract-dev` and
/// `tesseract-ocr-eng`). Off by default (`--read-text`): about 0.1-1 s per region. Not thread-safe.
public final class TextReader {
    /// Regions read per frame at most (the largest first): reading is slow.
    public static let maxRegionsPerFrame = 8
    private let handle: OpaquePointer

    public init(language: String = "eng") throws {
        handle = try checkedCreate(
            { cvn_text_reader_create(language, &$0, $1, $2) }, failure: { VisionError(.textReaderSetup, $0) })
    }

    deinit { cvn_text_reader_destroy(handle) }

    /// The text inside `box` (whitespace collapsed; empty when nothing legible) and Tesseract's confidence (0-1).
    public func read(_ frame: Frame, box: PixelBox) throws -> (text: String, confidence: Double) {
        try frame.withCImage { try read(image: $0, box: box) }
    }

    func read(image: cvn_image, box: PixelBox) throws -> (text: String, confidence: Double) {
        var text = [CChar](repeating: 0, count: 4096)
        var confidence: Float = 0
        try checkedCall(
            {
                cvn_text_reader_read(
                    handle, image, Float(box.x), Float(box.y), Float(box.width), Float(box.height),
                    &text, text.count, &confidence, $0, $1)
            }, failure: { VisionError(.textReading, $0) })
        return (cString(text), Double(confidence))
    }
}
