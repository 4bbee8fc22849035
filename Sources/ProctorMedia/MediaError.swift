/// Why an input could not be read. Each case names the file and the cause in one line.
public enum MediaError: Error, CustomStringConvertible, Equatable {
    case notFound(String)
    case isAFolder(String)
    case unreadable(String, String)
    case tooLarge(String, String)
    case unsupportedImage(String, String)
    case cannotOpen(String, String)
    case noVideoStream(String)
    case unsupportedCodec(String, String)
    case noDecodableFrames(String, String)
    case notAnImage(String, String)
    case invalidSampling(String)
    case measurementFailed(String)
    case encodingFailed(String)

    public var description: String {
        switch self {
        case .notFound(let path): return "\(path): no such file"
        case .isAFolder(let path): return "\(path): is a folder, not a file"
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .tooLarge(let path, let reason): return "\(path): \(reason)"
        case .unsupportedImage(let path, let reason): return "\(path): \(reason)"
        case .cannotOpen(let path, let reason): return "\(path): cannot be read as a video (\(reason))"
        case .noVideoStream(let path): return "\(path): contains no video stream"
        case .unsupportedCodec(let path, let codec): return "\(path): no decoder for codec \(codec)"
        case .noDecodableFrames(let path, let reason): return "\(path): no frame could be decoded (\(reason))"
        case .notAnImage(let path, let reason): return "\(path): \(reason)"
        case .invalidSampling(let reason): return "invalid sampling: \(reason)"
        case .measurementFailed(let reason): return "image measurement failed: \(reason)"
        case .encodingFailed(let reason): return "JPEG encoding failed: \(reason)"
        }
    }
}
