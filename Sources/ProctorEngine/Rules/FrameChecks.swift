/// Which faces count at all: `min_face_confidence` and `min_face_width` (relative to the frame).
public struct FaceUsability: ConfigSection {
    public var minConfidence = 0.6
    public var minWidth = 0.03

    public init() {}
    public static var fields: [ConfigField<Self>] {
        [.value("minFaceConfidence", \.minConfidence), .value("minFaceWidth", \.minWidth)]
    }

    public func validate() throws {
        try ConfigCheck.unit(minConfidence, "min_face_confidence")
        try ConfigCheck.unit(minWidth, "min_face_width")
    }

    /// A face counts when its detection confidence and relative width reach the thresholds.
    public func isUsable(_ face: FaceObservation) -> Bool {
        face.confidence >= minConfidence && face.box.width >= minWidth
    }
}

/// Whether a frame's picture is good enough to judge: frames below `min_brightness`, above `max_brightness` or below
/// `min_sharpness` are too poor.
public struct PictureQuality: ConfigSection {
    public var minBrightness = 20.0
    public var maxBrightness = 235.0
    public var minSharpness = 8.0

    public init() {}
    public static var fields: [ConfigField<Self>] {
        [
            .value("minBrightness", \.minBrightness), .value("maxBrightness", \.maxBrightness),
            .value("minSharpness", \.minSharpness),
        ]
    }

    public func validate() throws {
        guard minBrightness < maxBrightness else {
            throw ConfigError.invalid("min_brightness must be below max_brightness")
        }
    }

    /// The verdict on one observation's picture.
    public func verdict(on observation: FrameObservation) -> QualityVerdict {
        if observation.unanalysedReason != nil { return .unanalysed }
        guard let quality = observation.quality else { return .unknown }
        if quality.brightness < minBrightness { return .tooDark }
        if quality.brightness > maxBrightness { return .tooBright }
        if quality.sharpness < minSharpness { return .blurry }
        return .ok
    }
}
