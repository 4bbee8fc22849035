/// Why a still image cannot serve as a face reference (a reference face, an ID document, a live face to compare).
public enum SingleFaceError: Error, CustomStringConvertible, Equatable {
    case noFace(String)
    case severalFaces(String, Int)
    case notDescribable(String)

    public var description: String {
        switch self {
        case .noFace(let role): return "\(role): no face found"
        case .severalFaces(let role, let count):
            return "\(role): \(count) faces found, none clearly the largest; give an image where the person's face "
                + "is clearly the largest"
        case .notDescribable(let role): return "\(role): the face is too small or too turned to describe"
        }
    }
}

/// The rule every backend applies to a reference still: one usable face, or one that clearly dominates the others
/// (a press photo with people in the background, a selfie in an office). `role` names the image in errors.
public enum SingleFace {
    /// The face taken, and how many other usable faces the image had.
    public struct Choice: Sendable {
        public var face: FaceObservation
        public var otherFaces: Int
    }

    /// The largest face dominates when it is at least this many times as wide as the next one. Measured on the
    /// shared media: group photos (c01, c02, c03, c05, c07, c09) have their two largest faces within 1.01-1.19 of
    /// each other; photos of one person with smaller faces behind (identity/jack_dorsey_03 and _05, g06) 1.29-2.18.
    /// The margin on both sides is thin and fitted on those nine photos only; an ambiguous photo is refused, never
    /// guessed.
    public static let dominanceRatio = 1.25

    public static func pick(from faces: [FaceObservation], role: String, selection: FaceSelection) throws -> Choice {
        let usable = faces.filter(selection.isUsable).largestFirst()
        guard let largest = usable.first else { throw SingleFaceError.noFace(role) }
        if usable.count > 1, largest.box.width < dominanceRatio * usable[1].box.width {
            throw SingleFaceError.severalFaces(role, usable.count)
        }
        return Choice(face: largest, otherFaces: usable.count - 1)
    }
}
