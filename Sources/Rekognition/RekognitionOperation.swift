/// The Rekognition operations proctor calls, each billed per image.
public enum RekognitionOperation: String, CaseIterable, Sendable, Codable, Comparable {
    case detectFaces = "DetectFaces"
    case detectLabels = "DetectLabels"
    case detectText = "DetectText"
    case compareFaces = "CompareFaces"

    /// The `X-Amz-Target` header value.
    public var target: String { "RekognitionService.\(rawValue)" }

    /// The short name `--rekognition-ops` takes.
    public var optionName: String {
        switch self {
        case .detectFaces: return "faces"
        case .detectLabels: return "labels"
        case .detectText: return "text"
        case .compareFaces: return "compare"
        }
    }

    public init?(optionName: String) {
        guard let operation = Self.allCases.first(where: { $0.optionName == optionName }) else { return nil }
        self = operation
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
