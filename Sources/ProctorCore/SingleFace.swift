/// Why a still image cannot serve as a face reference (a reference face, an ID document, a live face to compare).
public enum SingleFaceError: Error, CustomStringConvertible, Equatable {
    case noFace(String)
    case severalFaces(String, Int)
    case notDescribable(String)
    /// A selfie holding an ID card shows fewer than two faces.
    case noCardFace(String)
    /// A selfie holding an ID card shows a third face about as large as the card's: which one is on the card?
    case ambiguousCardFace(String, Int)

    public var description: String {
        switch self {
        case .noFace(let role): return "\(role): no face found"
        case .severalFaces(let role, let count):
            return "\(role): \(count) faces found, none clearly the largest; give an image where the person's face "
                + "is clearly the largest"
        case .notDescribable(let role): return "\(role): the face is too small or too turned to describe"
        case .noCardFace(let role):
            return "\(role): one face found; a selfie with an ID card needs the live face and the card's face "
                + "(hold the card beside the face, photo side to the camera)"
        case .ambiguousCardFace(let role, let count):
            return "\(role): \(count) faces found and the second and third are about the same size; give an image "
                + "with only the person and their ID card"
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

    /// The two faces of a KYC selfie holding an ID card: the live face is the largest, the card's face the next
    /// largest, which must in turn clearly dominate any further face (someone in the background).
    public static func pickSelfieWithCard(from faces: [FaceObservation], role: String, selection: FaceSelection)
        throws -> (live: FaceObservation, card: FaceObservation, otherFaces: Int)
    {
        let usable = faces.filter(selection.isUsable).largestFirst()
        guard let live = usable.first else { throw SingleFaceError.noFace(role) }
        guard usable.count > 1 else { throw SingleFaceError.noCardFace(role) }
        if usable.count > 2, usable[1].box.width < dominanceRatio * usable[2].box.width {
            throw SingleFaceError.ambiguousCardFace(role, usable.count)
        }
        return (live, usable[1], usable.count - 2)
    }
}
