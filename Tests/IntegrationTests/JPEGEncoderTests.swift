import Foundation
import ProctorEngine
import ProctorMedia
import Testing

/// In-memory JPEGs under a byte limit (Rekognition's 5 MB), and crops.
struct JPEGEncoderTests {
    /// Noise compresses badly: a 1200x900 noise frame is about 1 MB at quality 90. Xorshift, 8 bytes a step
    /// (a random call per byte takes seconds in a debug build).
    static func noise(width: Int = 1200, height: Int = 900) -> Frame {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for start in stride(from: 0, to: pixels.count, by: 8) {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            for offset in 0..<min(8, pixels.count - start) {
                pixels[start + offset] = UInt8(truncatingIfNeeded: state >> (8 * offset))
            }
        }
        return Frame(index: 0, timestamp: 0, width: width, height: height, pixels: pixels)
    }

    @Test func largeFramesAreScaledUnderTheLimit() throws {
        let frame = Self.noise()
        let unlimited = try JPEGEncoder.encode(frame, maxBytes: .max)
        let limit = 400_000
        #expect(unlimited.count > limit)
        let limited = try JPEGEncoder.encode(frame, maxBytes: limit)
        #expect(limited.count <= limit)
        let decoded = try ImageLoader.decode(limited, name: "limited")
        #expect(decoded.width < frame.width && decoded.height < frame.height)
        #expect(abs(Double(decoded.width) / Double(decoded.height) - 4.0 / 3.0) < 0.01)
    }

    @Test func anImpossibleLimitIsAnError() {
        #expect(throws: MediaError.self) { try JPEGEncoder.encode(Self.noise(width: 64, height: 64), maxBytes: 10) }
    }

    @Test func cropsKeepTheRegionAndStayInsideTheFrame() {
        let frame = Self.noise(width: 100, height: 50)
        let crop = frame.cropped(to: BoundingBox(left: 0.1, top: 0.2, width: 0.2, height: 0.4))
        #expect(crop.width == 20 && crop.height == 20)
        #expect(Array(crop.pixels[0..<3]) == Array(frame.pixels[((10 * 100) + 10) * 3..<((10 * 100) + 10) * 3 + 3]))
        let edge = frame.cropped(to: BoundingBox(left: 0.9, top: 0.9, width: 0.5, height: 0.5), margin: 0.3)
        #expect(edge.width <= 100 && edge.height <= 50 && edge.width > 0 && edge.height > 0)
    }
}
