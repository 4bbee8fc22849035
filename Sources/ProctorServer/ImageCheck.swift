import Foundation
import ProctorFormats
import ProctorMedia

/// What an uploaded image must be before it is decoded: a JPEG or PNG (415 otherwise) with a readable header that
/// holds the whole image (400 otherwise) declaring at most the pixel limit (413 otherwise).
enum ImageCheck {
    static func check(_ data: Data, maxPixels: Int) throws {
        guard !data.isEmpty else { throw APIError.badRequest("the image is empty") }
        guard let format = ImageHeader.format(of: data), format == .jpeg || format == .png else {
            throw APIError(.unsupportedMediaType, "the image must be a JPEG or a PNG")
        }
        guard let header = ImageHeader(of: data) else {
            throw APIError.badRequest("the \(format.rawValue) image is broken: its header gives no picture size")
        }
        var limits = MediaLimits()
        limits.maxPixels = maxPixels
        if let refusal = limits.refusal(width: header.width, height: header.height) {
            throw APIError(header.width > 0 && header.height > 0 ? .contentTooLarge : .badRequest, refusal)
        }
        guard header.isComplete else {
            throw APIError.badRequest("the \(format.rawValue) image is truncated: it ends before its last byte")
        }
    }
}
