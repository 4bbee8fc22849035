// libFuzzer target `image_header`: ImageHeader (Sources/ProctorFormats/ImageHeader.swift) on arbitrary bytes.
// Compiled into the ProctorFormats module itself (see reliability/fuzz/run.sh), so it also sees internal types.
// Besides "never crashes", it checks what the parser promises for every input:
// - `ImageHeader(of:)` is nil whenever `format(of:)` is, and otherwise names the same format;
// - each format's width and height lie in the range its header field can hold (JPEG 16 bits, PNG 31/32 bits,
//   WebP 14 or 24 bits plus one, BMP signed 32 bits with the height's sign dropped), so never negative but a BMP's
//   width;
// - `pixels` is nil exactly when width x height overflows `Int`, which only a PNG's 32-bit fields can do;
// - a complete PNG holds an IEND chunk type, a complete JPEG an FF D9 marker, a complete WebP its RIFF length;
// - the answer does not depend on where the bytes sit (a `Data` slice with a non-zero start index).
import Foundation

private func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
}

private func contains(_ data: Data, _ needle: [UInt8]) -> Bool { data.range(of: Data(needle)) != nil }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = Data(bytes: start, count: size)
    let format = ImageHeader.format(of: data)
    let header = ImageHeader(of: data)

    // The same bytes behind a prefix, as a slice whose indices do not start at 0.
    let padded = Data([0x00, 0x01, 0x02]) + data
    let slice = padded[padded.index(padded.startIndex, offsetBy: 3)...]
    require(ImageHeader.format(of: slice) == format, "format(of:) differs on a slice")
    require(ImageHeader(of: slice) == header, "ImageHeader(of:) differs on a slice")

    guard let header else { return 0 }
    require(format == header.format, "header format \(header.format) but signature \(String(describing: format))")

    let (width, height) = (header.width, header.height)
    switch header.format {
    case .jpeg:
        require((0...0xFFFF).contains(width) && (0...0xFFFF).contains(height), "JPEG size \(width)x\(height)")
    case .png:
        require((0...0xFFFF_FFFF).contains(width) && (0...0xFFFF_FFFF).contains(height), "PNG size \(width)x\(height)")
        if header.isComplete { require(contains(data, Array("IEND".utf8)), "complete PNG without IEND") }
    case .webp:
        require((0...0x100_0000).contains(width) && (0...0x100_0000).contains(height), "WebP size \(width)x\(height)")
        if header.isComplete {
            let riffLength = data.count >= 8 ? data[4..<8].reversed().reduce(0) { $0 << 8 | Int($1) } : Int.max
            require(data.count >= 8 + riffLength, "complete WebP shorter than its RIFF length")
        }
    case .bmp:
        require(Int(Int32.min)...Int(Int32.max) ~= width, "BMP width \(width)")
        require((0...(1 << 31)).contains(height), "BMP height \(height)")
    }
    if header.format == .jpeg, header.isComplete { require(contains(data, [0xFF, 0xD9]), "complete JPEG without EOI") }

    let full = width.multipliedFullWidth(by: height)
    let fits = (full.high == 0 && full.low <= UInt(Int.max)) || (full.high == -1 && full.low >= UInt(1) << 63)
    if fits {
        require(header.pixels == width &* height, "pixels \(String(describing: header.pixels)) for \(width)x\(height)")
    } else {
        require(header.pixels == nil, "pixels not nil although \(width)x\(height) overflows")
        require(header.format == .png, "\(header.format) size \(width)x\(height) overflows")
    }
    return 0
}
