import ProctorEngine

/// Why a still image cannot serve as a face reference (reference faces, ID documents).
public enum SingleFaceError: Error, CustomStringConvertible, Equatable {
    case noFace(String)
    case severalFaces(String, Int)
    case notDescribable(String)

    public var description: String {
        switch self {
        case .noFace(let role): return "\(role): no face found"
        case .severalFaces(let role, let count): return "\(role): \(count) faces found; give an image with exactly one face"
        case .notDescribable(let role): return "\(role): the face is too small or too turned to describe"
        }
    }
}

extension LocalAnalyzer {
    /// The single usable face of a still image and its identity descriptor; `role` names the image in errors.
    /// Runs on a schedule of its own (every detector due), so it never disturbs a recording's or session's schedule.
    public func singleFace(in image: Frame, role: String, config: ProctorConfig) throws
        -> (face: FaceObservation, descriptor: IdentityDescriptor) {
        var schedule = DetectorSchedule.everyFrame
        let usable = try analyze(image, schedule: &schedule).faces.filter(config.isUsable)
        guard !usable.isEmpty else { throw SingleFaceError.noFace(role) }
        guard usable.count == 1 else { throw SingleFaceError.severalFaces(role, usable.count) }
        guard let descriptor = usable[0].identity else { throw SingleFaceError.notDescribable(role) }
        return (usable[0], descriptor)
    }
}
