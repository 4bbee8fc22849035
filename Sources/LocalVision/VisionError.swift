/// A call into the vision layer that failed: which stage, and the C++ layer's message. One error type for every
/// model wrapper, so callers handle "the local backend could not do X" in one place.
public struct VisionError: Error, CustomStringConvertible, Equatable {
    public enum Stage: String, Sendable {
        case faceDetection = "face detection"
        case expression = "facial expression classification"
        case faceDescriptor = "face descriptor"
        case objectDetection = "object detection"
        case textDetection = "text detection"
        case textReaderSetup = "text reading (Tesseract) setup"
        case textReading = "text reading"
        case iris = "iris location"
    }

    public let stage: Stage
    public let message: String

    public init(_ stage: Stage, _ message: String) {
        self.stage = stage
        self.message = message
    }

    public var description: String { "\(stage.rawValue) failed: \(message)" }
}
