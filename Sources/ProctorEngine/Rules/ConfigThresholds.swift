/// The per-item threshold checks of the configuration, written once for the rules and for anyone who reads
/// observations the way the rules do (the evaluation, identity probes).
extension ProctorConfig {
    /// A face counts when its detection confidence and relative width reach `min_face_confidence` / `min_face_width`.
    public func isUsable(_ face: FaceObservation) -> Bool {
        face.confidence >= minFaceConfidence && face.box.width >= minFaceWidth
    }

    /// An object is suspicious when its label is in `suspicious_objects` and it reaches that label's confidence.
    public func isSuspicious(_ object: ObjectObservation) -> Bool {
        suspiciousObjects[object.label].map { object.confidence >= $0 } ?? false
    }

    /// A text region counts when it reaches `text_min_confidence` and covers `text_min_area` of the frame.
    public func isSizableText(_ region: TextObservation) -> Bool {
        region.confidence >= textMinConfidence && region.box.width * region.box.height >= textMinArea
    }
}
