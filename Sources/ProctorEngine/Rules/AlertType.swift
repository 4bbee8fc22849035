/// Every alert the engine raises.
public enum AlertType: String, Codable, Sendable, CaseIterable {
    case noFaceDetected = "no_face_detected"
    case multipleFacesDetected = "multiple_faces_detected"
    case lookingAway = "looking_away"
    case lowEngagement = "low_engagement"
    /// The picture is too dark, too bright or too blurred to judge: not an integrity alert.
    case insufficientEvidence = "insufficient_evidence"
    case suspiciousObject = "suspicious_object"
    /// Several people detected while fewer than two faces are visible.
    case multiplePeopleDetected = "multiple_people_detected"
    case textDetected = "text_detected"
    /// The face in frame is not the reference person.
    case faceMismatch = "face_mismatch"

    /// One line for people: what the alert means.
    public var message: String {
        switch self {
        case .noFaceDetected: return "No face detected"
        case .multipleFacesDetected: return "Multiple faces detected"
        case .lookingAway: return "Looking away from the screen"
        case .lowEngagement: return "Low engagement"
        case .insufficientEvidence: return "Picture too poor to judge"
        case .suspiciousObject: return "Suspicious object in view"
        case .multiplePeopleDetected: return "Another person in view"
        case .textDetected: return "Visible text in view"
        case .faceMismatch: return "The face does not match the reference"
        }
    }
}

public enum Severity: String, Codable, Sendable, Comparable {
    case info, warning, critical

    private var rank: Int { [.info: 0, .warning: 1, .critical: 2][self]! }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
