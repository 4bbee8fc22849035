import Foundation

/// The format and pixel size an encoded image declares in its header, read without decoding it: what a server
/// checks before spending memory on an upload (a small PNG can declare a huge picture).
public struct ImageDimensions: Equatable, Sendable {
    public enum Format: String, Sendable { case jpeg, png }

    public var format: Format
    public var width: Int
    public var height: Int

    public var pixels: Int { width * height }

    /// The format the bytes' signature names, whether or not the rest of the header is readable.
    public static func format(of data: Data) -> Format? {
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if data.starts(with: [0xFF, 0xD8]) { return .jpeg }
        return nil
    }

    /// nil when the bytes are neither a JPEG nor a PNG, or the header is cut short or broken.
    public init?(of data: Data) {
        guard let format = Self.format(of: data) else { return nil }
        let bytes = [UInt8](data.prefix(1 << 20))
        switch format {
        case .png:
            guard bytes.count >= 24 else { return nil }
            (width, height) = (Self.bigEndian(bytes, 16, 4), Self.bigEndian(bytes, 20, 4))
        case .jpeg:
            guard let size = Self.jpegSize(bytes) else { return nil }
            (width, height) = size
        }
        self.format = format
    }

    /// Walks the JPEG segments to the first start-of-frame marker (SOF0-SOF15 but DHT, JPG and DAC).
    private static func jpegSize(_ bytes: [UInt8]) -> (Int, Int)? {
        var position = 2
        while position + 9 < bytes.count {
            guard bytes[position] == 0xFF else { return nil }
            let marker = bytes[position + 1]
            if marker == 0xFF { position += 1; continue }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return (bigEndian(bytes, position + 7, 2), bigEndian(bytes, position + 5, 2))
            }
            position += 2 + bigEndian(bytes, position + 2, 2)
        }
        return nil
    }

    private static func bigEndian(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int {
        bytes[start..<(start + count)].reduce(0) { $0 << 8 | Int($1) }
    }
}
