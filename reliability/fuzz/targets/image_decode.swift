// libFuzzer target `image_decode`: a still image's way through production, ImageLoader.decode followed by
// ImageMeasurement.measure (Sources/ProctorMedia), with the C++ side (Sources/CVision/image_io.cpp,
// image_quality.cpp and OpenCV's decoders behind them) under AddressSanitizer and UBSan:
// 1. production's ImageAdmission reads the header and refuses the image unless it parses, declares a picture that
//    MediaLimits allows (1 to 40 million pixels) and is complete;
// 2. cvn_decode_image decodes it (EXIF orientation applied), its pixels are copied into the frame's array and
//    released with cvn_free_pixels;
// 3. cvn_measure_image takes brightness, sharpness and the 32x18 thumbnail (DetectorSchedule's size) from them.
// Compiled into one module with the ProctorFormats sources and ProctorMedia's MediaLimits, MediaError and
// ImageAdmission; CVision.h
// comes in through a module map that run.sh writes into .build-fuzz/. Checks, besides "never crashes":
// - a decoded picture has the size its header declared (or transposed, by an EXIF rotation), so the pixel limit
//   checked on the header is the one that holds for the memory decoding takes;
// - a failed decode writes an error message;
// - measuring a decoded picture succeeds, with a brightness in 0...255 and a finite, non-negative sharpness.
import CVision
import Foundation

private func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
}

private let thumbnailWidth = 32
private let thumbnailHeight = 18  // DetectorSchedule.thumbnailWidth, thumbnailHeight

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = Data(bytes: start, count: size)

    // The checks ImageLoader.decode runs first: production's own ImageAdmission.
    guard let header = try? ImageAdmission.header(of: data, name: "fuzz", limits: MediaLimits()) else { return 0 }

    var pixels: UnsafeMutablePointer<UInt8>?
    var width: Int32 = 0
    var height: Int32 = 0
    var error = [CChar](repeating: 0, count: 256)
    let status = data.withUnsafeBytes { bytes in
        cvn_decode_image(
            bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count, &pixels, &width, &height,
            &error, error.count)
    }
    guard status == Int32(CV_OK), let pixels else {
        require(error[0] != 0, "decoding failed without a message")
        return 0
    }
    let frame: [UInt8]
    do {
        defer { cvn_free_pixels(pixels) }
        let declared = (header.width, header.height)
        let decoded = (Int(width), Int(height))
        require(
            decoded == declared || decoded == (declared.1, declared.0),
            "decoded \(decoded.0)x\(decoded.1) from a \(header.format) header of \(declared.0)x\(declared.1)")
        frame = Array(UnsafeBufferPointer(start: pixels, count: Int(width) * Int(height) * 3))
    }

    // ImageMeasurement.measure on the frame's pixels.
    var brightness: Float = -1
    var sharpness: Float = -1
    var thumbnail = [UInt8](repeating: 0, count: thumbnailWidth * thumbnailHeight)
    let measured = frame.withUnsafeBufferPointer { buffer in
        thumbnail.withUnsafeMutableBufferPointer { output in
            cvn_measure_image(
                cvn_image(pixels: buffer.baseAddress, width: width, height: height, stride: width * 3),
                &brightness, &sharpness, Int32(thumbnailWidth), Int32(thumbnailHeight),
                output.baseAddress, &error, error.count)
        }
    }
    require(
        measured == Int32(CV_OK),
        "measuring a decoded \(width)x\(height) picture failed: "
            + String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    require((0...255).contains(brightness), "brightness \(brightness)")
    require(sharpness.isFinite && sharpness >= 0, "sharpness \(sharpness)")
    return 0
}
