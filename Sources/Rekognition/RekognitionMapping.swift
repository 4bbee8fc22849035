import ProctorCore

/// Turns Rekognition's answers into the engine's observations. Confidences and similarities become 0-1; a value the
/// answer lacks stays absent.
enum RekognitionMapping {
    /// The expression names the engine uses; Rekognition's `UNKNOWN` is left out.
    static let expressionNames: Set<String> = [
        "HAPPY", "SAD", "ANGRY", "CONFUSED", "DISGUSTED", "SURPRISED", "CALM",
        "FEAR",
    ]

    /// A box clipped to the image (Rekognition's may reach past its edges); nil when a member is missing or nothing
    /// is left inside the image.
    static func box(_ shape: RekognitionShapes.BoundingBox?) -> BoundingBox? {
        guard let shape, let left = shape.left, let top = shape.top, let width = shape.width,
            let height = shape.height
        else { return nil }
        let x0 = min(max(left, 0), 1)
        let y0 = min(max(top, 0), 1)
        let x1 = min(max(left + width, 0), 1)
        let y1 = min(max(top + height, 0), 1)
        guard x1 > x0, y1 > y0 else { return nil }
        return BoundingBox(left: x0, top: y0, width: x1 - x0, height: y1 - y0)
    }

    static func face(_ detail: RekognitionShapes.FaceDetail) -> FaceObservation? {
        guard let box = box(detail.boundingBox), let confidence = detail.confidence else { return nil }
        var face = FaceObservation(box: box, confidence: confidence / 100, landmarks: landmarks(detail.landmarks ?? []))
        if let pose = detail.pose, let yaw = pose.yaw, let pitch = pose.pitch, let roll = pose.roll {
            face.pose = HeadPose(yaw: yaw, pitch: pitch, roll: roll)
        }
        if let eyes = detail.eyeDirection, let yaw = eyes.yaw, let pitch = eyes.pitch, let sure = eyes.confidence {
            face.eyeDirection = EyeDirection(yaw: yaw, pitch: pitch, confidence: sure / 100)
        }
        face.expressions = expressions(detail.emotions)
        face.eyesOpen = attribute(detail.eyesOpen)
        face.mouthOpen = attribute(detail.mouthOpen)
        if let quality = detail.quality, let brightness = quality.brightness, let sharpness = quality.sharpness {
            face.quality = FaceQuality(brightness: brightness, sharpness: sharpness)
        }
        return face
    }

    /// Rekognition's per-emotion confidences (each 0-100, independent) divided by their sum, so that they add up to 1
    /// like the local model's probabilities; nil when no known emotion has a confidence.
    static func expressions(_ emotions: [RekognitionShapes.Emotion]?) -> [String: Double]? {
        var values: [String: Double] = [:]
        for emotion in emotions ?? [] {
            if let name = emotion.type, expressionNames.contains(name), let confidence = emotion.confidence {
                values[name] = max(0, confidence)
            }
        }
        let total = values.values.reduce(0, +)
        guard total > 0 else { return nil }
        return values.mapValues { $0 / total }
    }

    static func attribute(_ shape: RekognitionShapes.BooleanAttribute?) -> FaceAttribute? {
        guard let value = shape?.value, let confidence = shape?.confidence else { return nil }
        return FaceAttribute(value: value, confidence: confidence / 100)
    }

    /// The five points the engine names, assigned by position in the image as the local backend's are: of the two
    /// eyes (and mouth corners) the one further left in the image is the person's right.
    static func landmarks(_ points: [RekognitionShapes.Landmark]) -> [Landmark] {
        func point(_ type: String) -> (x: Double, y: Double)? {
            guard let found = points.first(where: { $0.type == type }), let x = found.x, let y = found.y else {
                return nil
            }
            return (x, y)
        }
        var result: [Landmark] = []
        func pair(_ first: String, _ second: String, right: Landmark.Kind, left: Landmark.Kind) {
            guard let a = point(first), let b = point(second) else { return }
            let (imageLeft, imageRight) = a.x <= b.x ? (a, b) : (b, a)
            result.append(Landmark(type: right, x: imageLeft.x, y: imageLeft.y))
            result.append(Landmark(type: left, x: imageRight.x, y: imageRight.y))
        }
        pair("eyeLeft", "eyeRight", right: .rightEye, left: .leftEye)
        if let nose = point("nose") { result.append(Landmark(type: .nose, x: nose.x, y: nose.y)) }
        pair("mouthLeft", "mouthRight", right: .mouthRight, left: .mouthLeft)
        return result
    }

    /// One object per located instance; a label without instances becomes one object without a box.
    static func objects(_ labels: [RekognitionShapes.Label]) -> [ObjectObservation] {
        labels.flatMap { label -> [ObjectObservation] in
            guard let name = label.name, let confidence = label.confidence else { return [] }
            let located = (label.instances ?? []).compactMap { instance -> ObjectObservation? in
                guard let box = box(instance.boundingBox) else { return nil }
                return ObjectObservation(label: name, confidence: (instance.confidence ?? confidence) / 100, box: box)
            }
            return located.isEmpty ? [ObjectObservation(label: name, confidence: confidence / 100, box: nil)] : located
        }
    }

    /// The LINE detections (WORD detections repeat them word by word).
    static func text(_ detections: [RekognitionShapes.TextDetection]) -> [TextObservation] {
        detections.compactMap { detection in
            guard detection.type == "LINE", let box = box(detection.geometry?.boundingBox),
                let confidence = detection.confidence
            else { return nil }
            return TextObservation(box: box, confidence: confidence / 100, text: detection.detectedText)
        }
    }

    /// For each face, the similarity (0-100) of the compared face whose box overlaps it best (intersection over
    /// union at least 0.3), if any.
    static func similarities(for faces: [FaceObservation], in response: RekognitionShapes.CompareFacesResponse)
        -> [Double?]
    {
        let compared = (response.faceMatches ?? []).compactMap { match -> (BoundingBox, Double)? in
            guard let box = box(match.face?.boundingBox), let similarity = match.similarity else { return nil }
            return (box, similarity)
        }
        return faces.map { face in
            let best = compared.map { (overlap: intersectionOverUnion(face.box, $0.0), similarity: $0.1) }
                .max { $0.overlap < $1.overlap }
            guard let best, best.overlap >= 0.3 else { return nil }
            return best.similarity
        }
    }

    static func intersectionOverUnion(_ a: BoundingBox, _ b: BoundingBox) -> Double {
        let width = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
        let height = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
        guard width > 0, height > 0 else { return 0 }
        let intersection = width * height
        return intersection / (a.width * a.height + b.width * b.height - intersection)
    }
}
