import Foundation
import ProctorEngine
import ProctorMedia
import Testing

/// Picture quality is measured on the picture, not on black bars around it: a portrait phone video shown in a
/// landscape frame (pillarbox), a film letterbox, a spliced crop padded with black.
struct ImageMeasurementTests {
    static func measure(_ file: String, filter: String?) throws -> ImageQuality {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("measured.png")
        try TestMedia.ffmpeg(
            ["-i", try TestMedia.path("images/\(file)")] + (filter.map { ["-vf", $0] } ?? []) + [output.path])
        return try ImageMeasurement.measure(try ImageLoader.load(path: output.path)).quality
    }

    @Test(arguments: [
        "pad=iw*3:ih:iw:0:black",  // pillarbox: the picture is a third of the width
        "pad=iw:ih*2:0:ih/2:black",  // letterbox
        "pad=iw+200:ih+120:37:90:black",  // padding on every side, off centre
    ])
    func blackBarsDoNotChangeTheMeasurement(filter: String) throws {
        let plain = try Self.measure("b01_oneface_obama.jpg", filter: nil)
        let barred = try Self.measure("b01_oneface_obama.jpg", filter: filter)
        #expect(abs(barred.brightness - plain.brightness) < 4, "\(filter): \(barred.brightness) vs \(plain.brightness)")
        #expect(
            abs(barred.sharpness - plain.sharpness) < 0.35 * plain.sharpness,
            "\(filter): \(barred.sharpness) vs \(plain.sharpness)")
    }

    /// A picture dark all over stays dark (it is not mistaken for bars and trimmed away).
    @Test func aDarkPictureStaysDark() throws {
        let dark = try Self.measure("b01_oneface_obama.jpg", filter: "lutyuv=y=val*0.1")
        #expect(dark.brightness < 20, "\(dark.brightness)")
    }
}
