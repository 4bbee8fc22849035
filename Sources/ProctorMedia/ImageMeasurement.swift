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
        try frame.withCImage { image in
            try thumbnail.withUnsafeMutableBufferPointer { buffer in
                try checkedCall(
                    {
                        cvn_measure_image(
                            image, &brightness, &sharpness, Int32(DetectorSchedule.thumbnailWidth),
                            Int32(DetectorSchedule.thumbnailHeight), buffer.baseAddress, $0, $1)
                    }, failure: { MediaError.measurementFailed($0) })
            }
        }
        return (ImageQuality(brightness: Double(brightness), sharpness: Double(sharpness)), thumbnail)
    }
}
