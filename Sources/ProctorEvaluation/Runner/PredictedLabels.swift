import ProctorEngine

/// How the tool's output is read as labels of the labels.csv vocabulary.
enum PredictedLabels {
    static let faceCountLabels = ["one_face", "multiple_faces", "no_face"]
    static let phoneObject = "cell phone"
    static let bookObject = "book"
    /// The evaluation asks the detector for objects from this score, below every threshold, so the report can show
    /// how close the scores on object-free media come to them. Alerts are unaffected: the rules apply the thresholds.
    static let objectScoreFloor: Float = 0.01

    /// The highest score of each suspicious class (the configuration's local labels) among `objects`.
    static func bestSuspiciousScores(_ objects: [ObjectObservation], config: ProctorConfig) -> [String: Double] {
        var best: [String: Double] = [:]
        for object in objects where config.suspiciousObject.localLabels[object.label] != nil {
            best[object.label] = max(best[object.label] ?? 0, object.confidence)
        }
        return best
    }

    /// The expression model's names (Rekognition's) as the label vocabulary's `emotion=` values.
    static let emotionNames = [
        "CALM": "neutral", "HAPPY": "happy", "SURPRISED": "surprised", "SAD": "sad", "ANGRY": "angry",
        "FEAR": "fearful", "DISGUSTED": "disgusted",
    ]

    /// Every emotion value of the vocabulary (the model has no "other").
    static let emotionLabels = ["happy", "neutral", "surprised", "sad", "angry", "fearful", "disgusted", "other"]
        .map { "emotion=\($0)" }

    /// `one_face`, `multiple_faces` or `no_face` from the number of usable faces.
    static func faceCount(_ usable: Int) -> String {
        usable == 0 ? "no_face" : usable == 1 ? "one_face" : "multiple_faces"
    }

    /// `emotion=X` for the model's dominant expression name, nil for a name outside the mapping.
    static func emotion(_ dominant: String?) -> String? {
        dominant.flatMap { emotionNames[$0] }.map { "emotion=\($0)" }
    }

    /// A still has no baseline, so the head counts as turned on the absolute pose beyond the looking-away angles.
    static func headTurned(_ pose: HeadPose?, config: ProctorConfig) -> Bool {
        guard let pose else { return false }
        return abs(pose.yaw) > config.lookingAway.yawDegrees || abs(pose.pitch) > config.lookingAway.pitchDegrees
    }

    /// The labels one still's analysis gives: face count, phone/book/text/paper_notes from the events, expression
    /// and head turn from the candidate's face. `printed_face` is never predicted (the tool cannot tell).
    static func forStill(record: FrameRecord, events: [AlertEvent], config: ProctorConfig) -> Set<String> {
        var labels: Set<String> = [faceCount(record.faceCount)]
        let objects = events.filter { $0.type == .suspiciousObject }.compactMap { $0.details?.objectLabel }
        if objects.contains(phoneObject) { labels.insert("phone") }
        if objects.contains(bookObject) { labels.insert("book") }
        let text = events.contains { $0.type == .textDetected }
        if text { labels.insert("text") }
        if text || objects.contains(bookObject) { labels.insert("paper_notes") }
        if record.faceCount > 0, let emotion = emotion(record.dominantEmotion) { labels.insert(emotion) }
        if record.faceCount > 0, headTurned(record.pose, config: config) { labels.insert("head_turned") }
        return labels
    }

    /// Interval labels and the events that predict them.
    static let intervalKinds: [(label: String, event: AlertType, objectLabel: String?)] = [
        ("looking_away", .lookingAway, nil),
        ("multiple_faces", .multipleFacesDetected, nil),
        ("no_face", .noFaceDetected, nil),
        ("phone", .suspiciousObject, phoneObject),
        ("text", .textDetected, nil),
        ("identity_change", .faceMismatch, nil),
    ]

    static func matches(_ event: AlertEvent, type: AlertType, objectLabel: String?) -> Bool {
        event.type == type && (objectLabel == nil || event.details?.objectLabel == objectLabel)
    }
}
