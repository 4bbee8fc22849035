import CVision
import Foundation
import ProctorCore

/// Decodes still images (JPEG, PNG, WebP, BMP) into frames, applying EXIF orientation, once `ImageAdmission` has
/// passed their header (size within the limits, all bytes there).
public enum ImageLoader {
    public static func load(path: String, index: Int = 0, timestamp: Double = 0, limits: MediaLimits = MediaLimits())
        throws -> Frame
    {
        let size = try InputFile.check(path)
        if let refusal = limits.refusal(imageBytes: size) { throw MediaError.tooLarge(path, refusal) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw MediaError.unreadable(path, "cannot be read (\(error.localizedDescription))")
        }
        return try decode(data, name: path, index: index, timestamp: timestamp, limits: limits)
    }

    /// Decodes encoded image bytes; `name` is used in error messages.
    public static func decode(
        _ data: Data, name: String, index: Int = 0, timestamp: Double = 0,
        limits: MediaLimits = MediaLimits()
    ) throws -> Frame {
        _ = try ImageAdmission.header(of: data, name: name, limits: limits)
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0
        var height: Int32 = 0
        try data.withUnsafeBytes { bytes in
            try checkedCall(
                {
                    cvn_decode_image(
                        bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count, &pixels, &width, &height, $0, $1)
                },
                failure: { MediaError.notAnImage(name, $0) })
        }
        guard let pixels else { throw MediaError.notAnImage(name, "no pixels returned") }
        defer { cvn_free_pixels(pixels) }
        let count = Int(width) * Int(height) * 3
        return Frame(
            index: index, timestamp: timestamp, width: Int(width), height: Int(height),
            pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }
}
