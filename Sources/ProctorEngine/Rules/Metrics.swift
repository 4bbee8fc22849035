/// The five per-frame scores, 0-100. A score that cannot be computed for a frame is nil (absent in the report).
public struct FrameMetrics: Codable, Sendable, Equatable {
    public var eyeContact: Double?
    public var engagement: Double?
    public var confidence: Double?
    public var posture: Double?
    /// From the apparent facial expression; absent when expressions are off or not measured.
    public var facialExpression: Double?

    public init(
        eyeContact: Double? = nil, engagement: Double? = nil, confidence: Double? = nil,
        posture: Double? = nil, facialExpression: Double? = nil
    ) {
        self.eyeContact = eyeContact
        self.engagement = engagement
        self.confidence = confidence
        self.posture = posture
        self.facialExpression = facialExpression
    }

    /// Metric names as they appear in the report, with their values.
    public var named: [(name: String, value: Double?)] {
        [
            ("eye_contact", eyeContact), ("engagement", engagement), ("confidence", confidence),
            ("posture", posture), ("facial_expression", facialExpression),
        ]
    }
}

/// The metric formulas, each written once. The README quotes them.
public enum MetricFormulas {
    /// Deviation (degrees) at which a component score reaches 0.
    public static let fullDeviationDegrees = 45.0
    /// Head roll (degrees) at which uprightness reaches 0.
    public static let fullRollDegrees = 30.0
    /// Face-centre distance from the frame centre (relative units) at which centring reaches 0.
    public static let fullOffCentre = 0.5
    /// Face-centre movement between consecutive frames, in face widths, at which steadiness reaches 0.
    public static let fullShiftFaceWidths = 0.5

    /// confidence = 100 x detection confidence of the candidate's face.
    public static func confidence(face: FaceObservation) -> Double { 100 * unitClamp(face.confidence) }

    /// eye_contact = 100 x clamp(1 - D / 45), D = total gaze deviation (head + eyes) from the baseline in degrees.
    /// Needs the eyes measured: absent otherwise.
    public static func eyeContact(gaze: GazeDeviation?) -> Double? {
        guard let gaze, gaze.eyesMeasured else { return nil }
        return 100 * unitClamp(1 - gaze.magnitude / fullDeviationDegrees)
    }

    /// facing = clamp(1 - H / 45), H = head deviation from the baseline in degrees.
    public static func facing(gaze: GazeDeviation) -> Double {
        unitClamp(1 - gaze.headMagnitude / fullDeviationDegrees)
    }

    /// steadiness = clamp(1 - S / 0.5), S = face-centre movement since the previous sampled frame, in face widths.
    /// Absent when the previous sampled frame had no usable face.
    public static func steadiness(face: FaceObservation, previous: FaceObservation?) -> Double? {
        guard let previous else { return nil }
        let dx = face.box.centerX - previous.box.centerX
        let dy = face.box.centerY - previous.box.centerY
        let shift = (dx * dx + dy * dy).squareRoot() / max(face.box.width, 1e-6)
        return unitClamp(1 - shift / fullShiftFaceWidths)
    }

    /// posture = 100 x mean(upright, centred, steadiness), over the components available:
    /// upright = clamp(1 - |roll| / 30), centred = clamp(1 - d / 0.5) with d the distance of the face centre from
    /// the frame centre (relative units).
    public static func posture(face: FaceObservation, steadiness: Double?) -> Double {
        var parts: [Double] = []
        if let roll = face.pose?.roll { parts.append(unitClamp(1 - abs(roll) / fullRollDegrees)) }
        let dx = face.box.centerX - 0.5
        let dy = face.box.centerY - 0.5
        parts.append(unitClamp(1 - (dx * dx + dy * dy).squareRoot() / fullOffCentre))
        if let steadiness { parts.append(steadiness) }
        return 100 * (Statistics.mean(parts) ?? 0)
    }

    /// facial_expression = 100 x (P(CALM) + P(HAPPY)): how much of the apparent expression is calm or positive.
    /// Absent without expression probabilities.
    public static func facialExpression(_ expressions: [String: Double]) -> Double? {
        guard !expressions.isEmpty else { return nil }
        return 100 * unitClamp((expressions["CALM"] ?? 0) + (expressions["HAPPY"] ?? 0))
    }

    /// engagement = 100 x mean(facing, eye_contact / 100, steadiness), over the components available; absent
    /// without a head pose.
    public static func engagement(gaze: GazeDeviation?, eyeContact: Double?, steadiness: Double?) -> Double? {
        guard let gaze else { return nil }
        var parts = [facing(gaze: gaze)]
        if let eyeContact { parts.append(eyeContact / 100) }
        if let steadiness { parts.append(steadiness) }
        return 100 * (Statistics.mean(parts) ?? 0)
    }
}
