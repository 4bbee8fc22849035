import CVision
import ProctorCore

/// Whole-frame measurements taken from the pixels themselves, whatever the backend: brightness and sharpness (the
/// quality verdict) and the tiny grey thumbnail the detector schedule compares for scene changes.
public enum ImageMeasurement {
    /// Mean brightness (0-255), variance of the Laplacian, and a `DetectorSchedule.thumbnailWidth` x
    /// `thumbnailHeight` grey thumbnail.
    public static func measure(_ frame: Frame) throws -> (quality: ImageQuality, thumbnail: [UInt8]) {
        var brightness: Float = 0
        var sharpness: Float = 0
        var thumbnail = [UInt8](repeating: 0, count: DetectorSchedule.thumbnailWidth * DetectorSchedule.thumbnailHeight)
        var error = [CChar](repeating: 0, count: 256)
        let status = frame.withCImage { image in
            thumbnail.withUnsafeMutableBufferPointer { buffer in
                cvn_measure_image(
                    image, &brightness, &sharpness,
                    Int32(DetectorSchedule.thumbnailWidth), Int32(DetectorSchedule.thumbnailHeight),
                    buffer.baseAddress, &error, error.count)
            }
        }
        guard status == Int32(CV_OK) else { throw MediaError.measurementFailed(stringFromCBuffer(error)) }
        return (ImageQuality(brightness: Double(brightness), sharpness: Double(sharpness)), thumbnail)
    }
}
