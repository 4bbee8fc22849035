import Foundation
import ProctorFormats
import ProctorMedia

/// What an uploaded image must be before it is queued for decoding: `ImageAdmission`'s checks with the server's
/// limits and the seed API's formats, answered as HTTP: not a JPEG or PNG 415, beyond a limit 413, broken or
/// truncated 400.
enum ImageCheck {
    static let formats: Set<ImageHeader.Format> = [.jpeg, .png]

    static func check(_ data: Data, limits: MediaLimits) throws {
        guard !data.isEmpty else { throw APIError.badRequest("the image is empty") }
        do { _ = try ImageAdmission.header(of: data, name: "upload", limits: limits, formats: formats) } catch let
            error as MediaError
        {
            switch error {
            case .unsupportedImage: throw APIError(.unsupportedMediaType, "the image must be a JPEG or a PNG")
            case .tooLarge: throw APIError(.contentTooLarge, "\(error)")
            default: throw APIError.badRequest("\(error)")
            }
        }
    }
}
