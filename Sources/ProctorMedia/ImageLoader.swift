import CVision
import Foundation
import ProctorEngine

/// Decodes still images (JPEG, PNG, ...) into frames, applying EXIF orientation.
public enum ImageLoader {
    /// Refuses encoded inputs above this size before decoding anything.
    public static let maxBytes = 64 << 20

    public static func load(path: String, index: Int = 0, timestamp: Double = 0) throws -> Frame {
        try InputFile.check(path)
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw MediaError.notAnImage(path, "cannot be read (\(error.localizedDescription))")
        }
        return try decode(data, name: path, index: index, timestamp: timestamp)
    }

    /// Decodes encoded image bytes; `name` is used in error messages.
    public static func decode(_ data: Data, name: String, index: Int = 0, timestamp: Double = 0) throws -> Frame {
        guard data.count <= maxBytes else {
            throw MediaError.notAnImage(name, "image is \(data.count) bytes, more than the \(maxBytes) allowed")
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
}

/// Checks that a path names a readable regular file before any decoder sees it.
enum InputFile {
    static func check(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MediaError.notFound(path)
        }
        guard !isDirectory.boolValue else { throw MediaError.notAFile(path) }
    }
}
