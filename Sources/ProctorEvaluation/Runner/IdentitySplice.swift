import Foundation
import LocalVision
import ProctorEngine
import ProctorMedia

/// Two recordings of different people joined into one, the second cropped and scaled so its face has the first's
/// size and position: a candidate replaced by someone else at `splice` seconds, with the framing kept.
public enum IdentitySplice {
    /// A face's median box over a few frames, in pixels of its video.
    public struct FaceBox: Sendable {
        var centerX: Double
        var centerY: Double
        var width: Double
        var videoWidth: Int
        var videoHeight: Int
    }

    /// The median box of the largest face over the frames at 1, 2 and 3 s.
    public static func faceBox(of path: String, analyzer: LocalAnalyzer) throws -> FaceBox {
        let sampler = try VideoSampler(path: path, fps: 1)
        var boxes: [BoundingBox] = []
        let stream = FrameStream(analyzer)
        while let frame = try sampler.next(), frame.timestamp < 3.5 {
            if frame.timestamp >= 0.9, let face = try stream.analyze(frame).faces.largest() { boxes.append(face.box) }
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        guard !boxes.isEmpty else { throw VariantError(description: "no face in the first seconds of \(path)") }
        let width = Double(sampler.info.width)
        let height = Double(sampler.info.height)
        return FaceBox(
            centerX: median(boxes.map(\.centerX)) * width, centerY: median(boxes.map(\.centerY)) * height,
            width: median(boxes.map(\.width)) * width, videoWidth: sampler.info.width,
            videoHeight: sampler.info.height)
    }

    /// Writes `first` until `splice` seconds, then `second` (from its start) until `length`, at the first's size and
    /// 25 fps; the second is padded with black where its crop leaves its own picture.
    public static func write(
        first: String, second: String, firstFace: FaceBox, secondFace: FaceBox, splice: Double, length: Double,
        to output: URL
    ) throws {
        let scale = firstFace.width / secondFace.width  // second's pixels -> output pixels
        let windowWidth = Double(firstFace.videoWidth) / scale
        let windowHeight = Double(firstFace.videoHeight) / scale
        let left = secondFace.centerX - firstFace.centerX / scale
        let top = secondFace.centerY - firstFace.centerY / scale
        let pad = Int(max(windowWidth, windowHeight).rounded(.up))
        let size = "\(firstFace.videoWidth):\(firstFace.videoHeight)"
        let filter = [
            "[0:v]trim=0:\(splice),setpts=PTS-STARTPTS,fps=25,scale=\(size),setsar=1[a]",
            "[1:v]trim=0:\(length - splice),setpts=PTS-STARTPTS,fps=25,pad=iw+\(2 * pad):ih+\(2 * pad):\(pad):\(pad),"
                + "crop=\(Int(windowWidth)):\(Int(windowHeight)):\(Int(left) + pad):\(Int(top) + pad),"
                + "scale=\(size),setsar=1[b]",
            "[a][b]concat=n=2:v=1:a=0[v]",
        ].joined(separator: ";")
        try FFmpegTool.run([
            "-i", first, "-i", second, "-filter_complex", filter, "-map", "[v]", "-c:v", "libx264", "-crf", "18",
            "-pix_fmt", "yuv420p", output.path,
        ])
    }
}
