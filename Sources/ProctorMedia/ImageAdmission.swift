import Foundation
import ProctorFormats

/// The checks every encoded still passes before a decoder sees it (an uploaded frame, a reference face, an ID
/// document), read from its header alone: a format accepted here, a readable picture size within the limits, and
/// all of its bytes. The one place this is decided: `ImageLoader` and the server both ask it.
public enum ImageAdmission {
    public static let allFormats: Set<ImageHeader.Format> = [.jpeg, .png, .webp, .bmp]

    /// The image's header once it passes; `name` names the image in errors.
    /// Throws `MediaError.unsupportedImage` (format), `.tooLarge` (bytes or pixels) or `.notAnImage` (broken,
    /// sizeless or truncated).
    public static func header(
        of data: Data, name: String, limits: MediaLimits,
        formats: Set<ImageHeader.Format> = allFormats
    ) throws -> ImageHeader {
        if let refusal = limits.refusal(imageBytes: data.count) { throw MediaError.tooLarge(name, refusal) }
        guard let format = ImageHeader.format(of: data), formats.contains(format) else {
            let names = [(ImageHeader.Format.jpeg, "JPEG"), (.png, "PNG"), (.webp, "WebP"), (.bmp, "BMP")]
                .filter { formats.contains($0.0) }.map(\.1)
            throw MediaError.unsupportedImage(
                name,
                "not a \(names.dropLast().joined(separator: ", ")) or "
                    + "\(names.last ?? "known") image")
        }
        guard let header = ImageHeader(of: data), header.width > 0, header.height > 0 else {
            throw MediaError.notAnImage(
                name, "the \(format.rawValue) image is broken: its header gives no picture size")
        }
        if let refusal = limits.refusal(width: header.width, height: header.height) {
            throw MediaError.tooLarge(name, refusal)
        }
        guard header.isComplete else {
            throw MediaError.notAnImage(name, "the \(format.rawValue) image is truncated: it ends before its last byte")
        }
        return header
    }
}
