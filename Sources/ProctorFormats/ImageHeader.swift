import Foundation

/// What an encoded image declares about itself, read from its structure without decoding a pixel: the format, the
/// picture size (a small file can declare a huge picture) and whether the bytes hold the whole image (a truncated
/// upload decodes into grey rows that look like a frame without a face). Every read is bounds-checked, so any bytes
/// at all give a header or nil, never a crash.
public struct ImageHeader: Equatable, Sendable {
    public enum Format: String, Sendable { case jpeg, png, webp, bmp }

    public var format: Format
    public var width: Int
    public var height: Int
    /// A JPEG reaches its end-of-image marker, a PNG its IEND chunk, a WebP or BMP the length its header declares.
    public var isComplete: Bool

    /// `width x height`, or nil when the product overflows.
    public var pixels: Int? {
        let (product, overflow) = width.multipliedReportingOverflow(by: height)
        return overflow ? nil : product
    }

    /// The format the bytes' signature names, whether or not the rest is readable.
    public static func format(of data: Data) -> Format? {
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if data.count >= 12, data.starts(with: Array("RIFF".utf8)), data.dropFirst(8).starts(with: Array("WEBP".utf8)) {
            return .webp
        }
        if data.starts(with: Array("BM".utf8)) { return .bmp }
        return nil
    }

    public init(format: Format, width: Int, height: Int, isComplete: Bool) {
        (self.format, self.width, self.height, self.isComplete) = (format, width, height, isComplete)
    }

    /// nil when the bytes are not one of the formats, or no picture size can be read from them.
    public init?(of data: Data) {
        guard let format = Self.format(of: data) else { return nil }
        let bytes = ByteReader([UInt8](data))
        let parsed: (width: Int, height: Int, complete: Bool)?
        switch format {
        case .jpeg: parsed = Self.jpeg(bytes)
        case .png: parsed = Self.png(bytes)
        case .webp: parsed = Self.webp(bytes)
        case .bmp: parsed = Self.bmp(bytes)
        }
        guard let parsed else { return nil }
        (self.format, width, height, isComplete) = (format, parsed.width, parsed.height, parsed.complete)
    }

    /// Walks the marker segments: the size from the first start-of-frame (SOF0-SOF15 but DHT, JPG and DAC);
    /// complete when the end-of-image marker follows the last scan's entropy-coded data.
    private static func jpeg(_ bytes: ByteReader) -> (width: Int, height: Int, complete: Bool)? {
        var size: (width: Int, height: Int)?
        var position = 2
        while position < bytes.count {
            guard bytes[position] == 0xFF else { break }
            while position < bytes.count, bytes[position] == 0xFF { position += 1 }
            guard let marker = bytes.byte(at: position) else { break }
            position += 1
            if marker == 0xD9 { return size.map { ($0.width, $0.height, true) } }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { continue }
            guard let length = bytes.bigEndian(at: position, count: 2), length >= 2 else { break }
            let end = position + length
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker), size == nil {
                guard let height = bytes.bigEndian(at: position + 3, count: 2),
                    let width = bytes.bigEndian(at: position + 5, count: 2)
                else { break }
                size = (width, height)
            }
            guard end <= bytes.count else { break }
            position = marker == 0xDA ? bytes.endOfEntropyCodedData(from: end) : end
        }
        return size.map { ($0.width, $0.height, false) }
    }

    /// Walks the chunks: the size from IHDR (which must come first); complete at IEND.
    private static func png(_ bytes: ByteReader) -> (width: Int, height: Int, complete: Bool)? {
        guard bytes.bigEndian(at: 8, count: 4) == 13, bytes.ascii(at: 12, count: 4) == "IHDR",
            let width = bytes.bigEndian(at: 16, count: 4), let height = bytes.bigEndian(at: 20, count: 4)
        else { return nil }
        var position = 8
        while let length = bytes.bigEndian(at: position, count: 4), length <= Int(Int32.max) {
            let type = bytes.ascii(at: position + 4, count: 4)
            position += 12 + length
            guard position <= bytes.count else { break }
            if type == "IEND" { return (width, height, true) }
        }
        return (width, height, false)
    }

    /// RIFF container: the size from the VP8, VP8L or VP8X chunk; complete when the RIFF length is all there.
    private static func webp(_ bytes: ByteReader) -> (width: Int, height: Int, complete: Bool)? {
        guard let riffLength = bytes.littleEndian(at: 4, count: 4) else { return nil }
        let complete = bytes.count >= 8 + riffLength
        switch bytes.ascii(at: 12, count: 4) {
        case "VP8 ":
            guard bytes.byte(at: 23) == 0x9D, bytes.byte(at: 24) == 0x01, bytes.byte(at: 25) == 0x2A,
                let width = bytes.littleEndian(at: 26, count: 2), let height = bytes.littleEndian(at: 28, count: 2)
            else { return nil }
            return (width & 0x3FFF, height & 0x3FFF, complete)
        case "VP8L":
            guard bytes.byte(at: 20) == 0x2F, let bits = bytes.littleEndian(at: 21, count: 4) else { return nil }
            return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, complete)
        case "VP8X":
            guard let width = bytes.littleEndian(at: 24, count: 3), let height = bytes.littleEndian(at: 27, count: 3)
            else { return nil }
            return (width + 1, height + 1, complete)
        default:
            return nil
        }
    }

    /// BITMAPINFOHEADER or later: signed width and height (negative height = rows top-down); complete when the
    /// declared file size is all there (a size of 0, which some writers leave, is not checked).
    private static func bmp(_ bytes: ByteReader) -> (width: Int, height: Int, complete: Bool)? {
        guard let fileSize = bytes.littleEndian(at: 2, count: 4), let headerSize = bytes.littleEndian(at: 14, count: 4),
            headerSize >= 40, let width = bytes.littleEndian(at: 18, count: 4),
            let height = bytes.littleEndian(at: 22, count: 4)
        else { return nil }
        let signedWidth = Int(Int32(truncatingIfNeeded: width))
        let signedHeight = Int(Int32(truncatingIfNeeded: height))
        return (signedWidth, abs(signedHeight), fileSize == 0 || bytes.count >= fileSize)
    }
}

/// Bounds-checked reads from a byte array: every accessor returns nil past the end.
struct ByteReader {
    private let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }
    subscript(position: Int) -> UInt8 { bytes[position] }

    func byte(at position: Int) -> UInt8? { position >= 0 && position < bytes.count ? bytes[position] : nil }

    func bigEndian(at position: Int, count: Int) -> Int? {
        guard position >= 0, count <= 4, position <= bytes.count - count else { return nil }
        return bytes[position..<(position + count)].reduce(0) { $0 << 8 | Int($1) }
    }

    func littleEndian(at position: Int, count: Int) -> Int? {
        guard position >= 0, count <= 4, position <= bytes.count - count else { return nil }
        return bytes[position..<(position + count)].reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    func ascii(at position: Int, count: Int) -> String? {
        guard position >= 0, position <= bytes.count - count else { return nil }
        return String(decoding: bytes[position..<(position + count)], as: UTF8.self)
    }

    /// The position of the first marker after entropy-coded data starting at `start` (skipping stuffed `FF 00`,
    /// restart markers and fill bytes), or the end of the bytes when none follows.
    func endOfEntropyCodedData(from start: Int) -> Int {
        var position = start
        while let found = bytes[min(position, bytes.count)...].firstIndex(of: 0xFF) {
            guard let next = byte(at: found + 1) else { return bytes.count }
            if next == 0x00 || (0xD0...0xD7).contains(next) || next == 0xFF {
                position = found + (next == 0xFF ? 1 : 2)
                continue
            }
            return found
        }
        return bytes.count
    }
}
