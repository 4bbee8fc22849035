import Foundation
import ProctorMedia

/// What an uploaded image must be before it is decoded: a JPEG or PNG (415 otherwise) with a readable header (400
/// otherwise) declaring at most the pixel limit (413 otherwise).
enum ImageCheck {
    static func check(_ data: Data, maxPixels: Int) throws {
        guard !data.isEmpty else { throw APIError.badRequest("the image is empty") }
        guard let format = ImageDimensions.format(of: data) else {
            throw APIError(.unsupportedMediaType, "the image must be a JPEG or a PNG")
        }
        guard let dimensions = ImageDimensions(of: data) else {
            throw APIError.badRequest("the \(format.rawValue) image is broken: its header gives no picture size")
        }
        guard dimensions.width > 0, dimensions.height > 0 else { throw APIError.badRequest("the image has no pixels") }
        guard dimensions.pixels <= maxPixels else {
            throw APIError(.contentTooLarge, "the image is \(dimensions.width)x\(dimensions.height), more than "
                + "\(maxPixels) pixels")
        }
    }
}
