import ProctorCore

extension LocalAnalyzer {
    /// The single usable face of a still image and its identity descriptor; `role` names the image in errors.
    /// Runs on a schedule of its own (every detector due), so it never disturbs a recording's or session's schedule.
    public func singleFace(in image: Frame, role: String, selection: FaceSelection) throws
        -> (face: FaceObservation, descriptor: IdentityDescriptor)
    {
        var schedule = DetectorSchedule.everyFrame
        let face = try SingleFace.pick(
            from: try analyze(image, schedule: &schedule).faces, role: role, selection: selection)
        guard let descriptor = face.identity else { throw SingleFaceError.notDescribable(role) }
        return (face, descriptor)
    }
}
