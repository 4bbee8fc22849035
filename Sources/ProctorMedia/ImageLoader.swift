import CVision
import Foundation
import ProctorEngine
import ProctorFormats

/// Decodes still images (JPEG, PNG, WebP, BMP) into frames, applying EXIF orientation. The header is read first:
/// an image that declares more pixels than the limit, or whose bytes stop before its end, is refused before decoding.
public enum ImageLoader {
    public static func load(path: String, index: Int = 0, timestamp: Double = 0, limits: MediaLimits = MediaLimits())
        throws -> Frame {
        let size = try InputFile.check(path)
        guard size <= limits.maxImageBytes else { throw tooManyBytes(path, size, limits) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw MediaError.unreadable(path, "cannot be read (\(error.localizedDescription))")
        }
        return try decode(data, name: path, index: index, timestamp: timestamp, limits: limits)
    }

    /// Decodes encoded image bytes; `name` is used in error messages.
    public static func decode(_ data: Data, name: String, index: Int = 0, timestamp: Double = 0,
                              limits: MediaLimits = MediaLimits()) throws -> Frame {
        guard data.count <= limits.maxImageBytes else { throw tooManyBytes(name, data.count, limits) }
        guard let format = ImageHeader.format(of: data) else {
            throw MediaError.notAnImage(name, "not a JPEG, PNG, WebP or BMP image")
        }
        guard let header = ImageHeader(of: data) else {
            throw MediaError.notAnImage(name, "the \(format.rawValue) image is broken: its header gives no picture size")
        }
        if let refusal = limits.refusal(width: header.width, height: header.height) {
            throw MediaError.tooLarge(name, refusal)
        }
        guard header.isComplete else {
            throw MediaError.notAnImage(name, "the \(format.rawValue) image is truncated: it ends before its last byte")
        }
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = data.withUnsafeBytes { bytes in
            cvn_decode_image(bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count, &pixels, &width, &height,
                             &error, error.count)
        }
        guard status == Int32(CV_OK), let pixels else {
            throw MediaError.notAnImage(name, stringFromCBuffer(error))
        }
        defer { cvn_free_pixels(pixels) }
        let count = Int(width) * Int(height) * 3
        return Frame(index: index, timestamp: timestamp, width: Int(width), height: Int(height),
                     pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    private static func tooManyBytes(_ name: String, _ size: Int, _ limits: MediaLimits) -> MediaError {
        .tooLarge(name, "the image is \(size) bytes, more than the \(limits.maxImageBytes) allowed")
    }
}
