extension ProctorConfig {
    /// The frame's only usable face, when the picture is good enough to judge (quality ok) and the face confident
    /// enough for the baseline (`baseline_min_confidence`): the frames the gaze baseline and an identity reference
    /// taken from the recording come from.
    public func confidentSingleFace(in observation: FrameObservation) -> FaceObservation? {
        let usable = FrameAssessment.usableFaces(in: observation, config: self)
        guard usable.count == 1, quality.verdict(on: observation) == .ok,
            usable[0].confidence >= baseline.minConfidence
        else { return nil }
        return usable[0]
    }

    /// The face checks a backend may apply itself (picking an identity reference), without the rest of the engine.
    public var faceSelection: FaceSelection {
        let config = self
        return FaceSelection(
            isUsable: { config.faces.isUsable($0) },
            confidentSingleFace: { config.confidentSingleFace(in: $0) })
    }
}
