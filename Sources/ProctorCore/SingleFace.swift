/// Why a still image cannot serve as a face reference (a reference face, an ID document, a live face to compare).
public enum SingleFaceError: Error, CustomStringConvertible, Equatable {
    case noFace(String)
    case severalFaces(String, Int)
    case notDescribable(String)

    public var description: String {
        switch self {
        case .noFace(let role): return "\(role): no face found"
        case .severalFaces(let role, let count):
            return "\(role): \(count) faces found; give an image with exactly one face"
        case .notDescribable(let role): return "\(role): the face is too small or too turned to describe"
        }
    }
}

/// The rule every backend applies to a reference still: exactly one usable face. `role` names the image in errors.
public enum SingleFace {
    public static func pick(from faces: [FaceObservation], role: String, selection: FaceSelection) throws
        -> FaceObservation
    {
        let usable = faces.filter(selection.isUsable)
        guard !usable.isEmpty else { throw SingleFaceError.noFace(role) }
        guard usable.count == 1 else { throw SingleFaceError.severalFaces(role, usable.count) }
        return usable[0]
    }
}
