import Foundation
import ProctorFormats
import Testing

/// Image headers built byte by byte: sizes read from each format, truncation found at every cut, and sizes that
/// overflow when multiplied reported as such instead of trapping.
struct ImageHeaderTests {
    /// A structurally complete baseline JPEG: SOI, APP0, SOF0 (width x height), SOS, entropy-coded bytes (with a
    /// stuffed FF 00 and a restart marker inside), EOI.
    static func jpeg(width: Int, height: Int) -> Data {
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0]
        bytes += [
            0xFF, 0xC0, 0x00, 0x11, 0x08, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8),
            UInt8(width & 0xFF), 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
        ]
        bytes += [0xFF, 0xDA, 0x00, 0x0C, 0x03, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]
        bytes += [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78, 0x9A, 0xBC]
        bytes += [0xFF, 0xD9]
        return Data(bytes)
    }

    static func chunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        let length = UInt32(payload.count)
        return [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
            + Array(type.utf8) + payload + [0, 0, 0, 0]
    }

    static func png(width: UInt32, height: UInt32) -> Data {
        func be(_ value: UInt32) -> [UInt8] {
            [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
        }
        return Data(
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
                + chunk("IHDR", be(width) + be(height) + [8, 2, 0, 0, 0]) + chunk("IDAT", [0x78, 0x9C, 1, 2, 3])
                + chunk("IEND", []))
    }

    @Test func jpegSizeAndCompleteness() throws {
        let data = Self.jpeg(width: 640, height: 360)
        let header = try #require(ImageHeader(of: data))
        #expect(header == ImageHeader(format: .jpeg, width: 640, height: 360, isComplete: true))
        #expect(header.pixels == 230_400)
    }

    @Test func everyCutJPEGIsIncompleteOrUnreadable() {
        let data = Self.jpeg(width: 320, height: 240)
        for length in 0..<data.count {
            let header = ImageHeader(of: data.prefix(length))
            #expect(header?.isComplete != true, "cut at \(length) of \(data.count) reads as complete")
        }
    }

    @Test func pngSizeCompletenessAndOverflow() throws {
        let data = Self.png(width: 1, height: 4000)
        #expect(ImageHeader(of: data) == ImageHeader(format: .png, width: 1, height: 4000, isComplete: true))
        for length in 24..<data.count {
            #expect(ImageHeader(of: data.prefix(length))?.isComplete == false, "cut at \(length)")
        }
        let huge = try #require(ImageHeader(of: Self.png(width: .max, height: .max)))
        #expect(huge.width == Int(UInt32.max))
        #expect(huge.pixels == nil, "(2^32-1)^2 overflows Int: no pixel count, not a trap")
        #expect(ImageHeader(format: .png, width: 1 << 31, height: 1 << 31, isComplete: true).pixels == 1 << 62)
    }

    @Test func webpAndBMPSizes() throws {
        var webp = Array("RIFF".utf8) + [30, 0, 0, 0] + Array("WEBPVP8X".utf8) + [10, 0, 0, 0, 0, 0, 0, 0]
        webp += [0x3F, 0x01, 0x00, 0xEF, 0x00, 0x00]  // canvas 320 x 240 (stored minus one, 24-bit little-endian)
        webp += [UInt8](repeating: 0, count: 8)
        #expect(ImageHeader(of: Data(webp)) == ImageHeader(format: .webp, width: 320, height: 240, isComplete: true))
        #expect(ImageHeader(of: Data(webp.prefix(30)))?.isComplete == false)

        var bmp = Array("BM".utf8) + [70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0]
        bmp += [4, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF]  // 4 wide, -2 high (rows top-down)
        bmp += [UInt8](repeating: 0, count: 70 - bmp.count)
        #expect(ImageHeader(of: Data(bmp)) == ImageHeader(format: .bmp, width: 4, height: 2, isComplete: true))
        #expect(ImageHeader(of: Data(bmp.prefix(60)))?.isComplete == false)
    }

    @Test func otherBytesHaveNoHeader() {
        for bytes in [
            [], [0xFF, 0xD8], Array("GIF89a".utf8), Array("RIFF\0\0\0\0AVI ".utf8), [0x89, 0x50, 0x4E, 0x47],
        ] {
            #expect(ImageHeader(of: Data(bytes)) == nil, "\(bytes)")
        }
        #expect(ImageHeader.format(of: Data([0xFF, 0xD8, 0xFF, 0xDB])) == .jpeg)
    }
}
