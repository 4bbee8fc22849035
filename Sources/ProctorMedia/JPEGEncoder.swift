import CVision
import Foundation
import ProctorCore

/// Encodes frames (or a region of one) as JPEG bytes in memory, under a size limit: a frame whose JPEG is too large
/// is scaled down until it fits (cloud APIs cap image bytes, e.g. Rekognition at 5 MB).
public enum JPEGEncoder {
    public static let defaultQuality = 90

    /// The frame as a JPEG of at most `maxBytes` bytes. Each retry scales the picture by the square root of the
    /// size ratio (JPEG size grows about with the pixel count), with a 10 % margin.
    public static func encode(_ frame: Frame, maxBytes: Int, quality: Int = defaultQuality) throws -> Data {
        var scale = 1.0
        for _ in 0..<6 {
            let data = try encode(frame, scale: scale, quality: quality)
            if data.count <= maxBytes { return data }
            scale *= min(0.9, (Double(maxBytes) / Double(data.count)).squareRoot() * 0.9)
        }
        throw MediaError.encodingFailed("frame \(frame.width)x\(frame.height) does not fit in \(maxBytes) bytes")
    }

    static func encode(_ frame: Frame, scale: Double, quality: Int) throws -> Data {
        var bytes: UnsafeMutablePointer<UInt8>?
        var length = 0
        try frame.withCImage { image in
            try checkedCall(
                { cvn_encode_jpeg(image, Float(scale), Int32(quality), &bytes, &length, $0, $1) },
                failure: { MediaError.encodingFailed($0) })
        }
        guard let bytes else { throw MediaError.encodingFailed("no bytes returned") }
        defer { cvn_free_bytes(bytes) }
        return Data(bytes: bytes, count: length)
    }
}

extension Frame {
    /// The part of the frame inside `box` grown by `margin` times its size on each side (clipped to the frame).
    public func cropped(to box: BoundingBox, margin: Double = 0) -> Frame {
        // Pixel edges outward, ignoring floating-point dust (0.3 x 100 = 30.000000000000004 is 30).
        func down(_ value: Double) -> Int { Int((value + 1e-9).rounded(.down)) }
        func up(_ value: Double) -> Int { Int((value - 1e-9).rounded(.up)) }
        let left = min(width - 1, max(0, down((box.left - box.width * margin) * Double(width))))
        let top = min(height - 1, max(0, down((box.top - box.height * margin) * Double(height))))
        let right = min(width, up((box.left + box.width * (1 + margin)) * Double(width)))
        let bottom = min(height, up((box.top + box.height * (1 + margin)) * Double(height)))
        let cropWidth = max(1, right - left)
        let cropHeight = max(1, bottom - top)
        var pixels = [UInt8]()
        pixels.reserveCapacity(cropWidth * cropHeight * 3)
        for row in top..<(top + cropHeight) {
            let start = (row * width + left) * 3
            pixels.append(contentsOf: self.pixels[start..<(start + cropWidth * 3)])
        }
        return Frame(index: index, timestamp: timestamp, width: cropWidth, height: cropHeight, pixels: pixels)
    }
}
