/// The per-item threshold checks of the configuration, written once for the rules and for anyone who reads
/// observations the way the rules do (the evaluation, identity probes).
extension ProctorConfig {
    /// A face counts when its detection confidence and relative width reach `min_face_confidence` / `min_face_width`.
    public func isUsable(_ face: FaceObservation) -> Bool {
        face.confidence >= minFaceConfidence && face.box.width >= minFaceWidth
    }

    /// An object is suspicious when its label is in `suspicious_objects` (local backend, COCO names) or in
    /// `rekognition_suspicious_labels` (Rekognition's label names) and it reaches that label's confidence. The two
    /// vocabularies do not overlap (COCO names are lower case, Rekognition's capitalised), so one check serves both.
    public func isSuspicious(_ object: ObjectObservation) -> Bool {
        (suspiciousObjects[object.label] ?? rekognitionSuspiciousLabels[object.label]).map { object.confidence >= $0 }
            ?? false
    }

    /// The frame's only usable face, when the picture is good enough to judge (quality ok) and the face confident
    /// enough for the baseline (`baseline_min_confidence`): the frames the gaze baseline and an identity reference
    /// taken from the recording come from.
    public func confidentSingleFace(in observation: FrameObservation) -> FaceObservation? {
        let usable = FrameAssessment.usableFaces(in: observation, config: self)
        guard usable.count == 1, FrameAssessment.qualityVerdict(observation, config: self) == .ok,
              usable[0].confidence >= baselineMinConfidence else { return nil }
        return usable[0]
    }

    /// The labels that name a person: "person" (COCO, local backend) and "Person" (Rekognition).
    public static let personLabels: Set<String> = ["person", "Person"]

    /// A text region counts when it reaches `text_min_confidence` and covers `text_min_area` of the frame.
    public func isSizableText(_ region: TextObservation) -> Bool {
        region.confidence >= textMinConfidence && region.box.width * region.box.height >= textMinArea
    }
}

extension ProctorConfig {
    /// The face checks a backend may apply itself (picking an identity reference), without the rest of the engine.
    public var faceSelection: FaceSelection {
        let config = self
        return FaceSelection(isUsable: { config.isUsable($0) },
                             confidentSingleFace: { config.confidentSingleFace(in: $0) })
    }
}
