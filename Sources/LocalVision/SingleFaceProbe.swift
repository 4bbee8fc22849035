import ProctorCore

extension LocalAnalyzer {
    /// The face of a still image (`SingleFace.pick`: the only one, or one that clearly dominates) and its identity
    /// descriptor; `role` names the image in errors. Runs on a schedule of its own (every detector due), so it never
    /// disturbs a recording's or session's schedule.
    public func singleFace(in image: Frame, role: String, selection: FaceSelection) throws
        -> (face: FaceObservation, descriptor: IdentityDescriptor, otherFaces: Int)
    {
        var schedule = DetectorSchedule.everyFrame
        let choice = try SingleFace.pick(
            from: try analyze(image, schedule: &schedule).faces, role: role, selection: selection)
        guard let descriptor = choice.face.identity else { throw SingleFaceError.notDescribable(role) }
        return (choice.face, descriptor, choice.otherFaces)
    }
}
