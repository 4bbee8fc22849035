/// A rectangle relative to the frame: 0-1 on each axis, origin top-left.
public struct BoundingBox: Codable, Sendable, Equatable {
    public var left: Double
    public var top: Double
    public var width: Double
    public var height: Double

    public init(left: Double, top: Double, width: Double, height: Double) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
    }

    /// Width x height, as a share of the frame's area.
    public var area: Double { width * height }

    public var centerX: Double { left + width / 2 }
    public var centerY: Double { top + height / 2 }

    public func contains(x: Double, y: Double) -> Bool {
        x >= left && x <= left + width && y >= top && y <= top + height
    }
}

/// A named facial point, relative to the frame (0-1).
public struct Landmark: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case rightEye = "right_eye"
        case leftEye = "left_eye"
        case nose
        case mouthRight = "mouth_right"
        case mouthLeft = "mouth_left"
    }
    public var type: Kind
    public var x: Double
    public var y: Double

    public init(type: Kind, x: Double, y: Double) {
        self.type = type
        self.x = x
        self.y = y
    }
}

/// Head orientation in degrees. Yaw > 0: face turned toward the image's right; pitch > 0: face tilted up;
/// roll > 0: head tilted clockwise as seen in the image.
public struct HeadPose: Codable, Sendable, Equatable {
    public var yaw: Double
    public var pitch: Double
    public var roll: Double

    public init(yaw: Double, pitch: Double, roll: Double) {
        self.yaw = yaw
        self.pitch = pitch
        self.roll = roll
    }
}

/// Where the eyes point relative to the head, in degrees (same sign conventions as `HeadPose`), and how sure the
/// measurement is (0-1).
public struct EyeDirection: Codable, Sendable, Equatable {
    public var yaw: Double
    public var pitch: Double
    public var confidence: Double

    public init(yaw: Double, pitch: Double, confidence: Double) {
        self.yaw = yaw
        self.pitch = pitch
        self.confidence = confidence
    }
}

/// Whole-frame image quality: mean brightness (0-255) and sharpness (variance of the Laplacian, see README).
public struct ImageQuality: Codable, Sendable, Equatable {
    public var brightness: Double
    public var sharpness: Double

    public init(brightness: Double, sharpness: Double) {
        self.brightness = brightness
        self.sharpness = sharpness
    }
}

/// A yes/no facial attribute a backend measured (eyes open, mouth open) and how sure it is (0-1).
public struct FaceAttribute: Codable, Sendable, Equatable {
    public var value: Bool
    public var confidence: Double

    public init(value: Bool, confidence: Double) {
        self.value = value
        self.confidence = confidence
    }
}

/// The quality of the face region as a backend rates it: brightness and sharpness on the backend's 0-100 scale
/// (Rekognition's FaceDetail.Quality). Not comparable with the whole-frame `ImageQuality`.
public struct FaceQuality: Codable, Sendable, Equatable {
    public var brightness: Double
    public var sharpness: Double

    public init(brightness: Double, sharpness: Double) {
        self.brightness = brightness
        self.sharpness = sharpness
    }
}

/// One face as a backend saw it. Fields the backend cannot measure (or did not measure on this frame) stay nil.
public struct FaceObservation: Codable, Sendable, Equatable {
    public var box: BoundingBox
    /// Detection confidence, 0-1.
    public var confidence: Double
    public var landmarks: [Landmark]
    public var pose: HeadPose?
    public var eyeDirection: EyeDirection?
    /// Apparent facial expression probabilities (0-1) under Rekognition's names: HAPPY, SAD, ANGRY, CONFUSED,
    /// DISGUSTED, SURPRISED, CALM, FEAR. Only the names the backend's model has are present.
    public var expressions: [String: Double]?
    /// Identity descriptor, when the backend computed one for this face on this frame.
    public var identity: IdentityDescriptor?
    /// Whether the eyes / the mouth are open, where the backend measures it (Rekognition does; the local one not).
    public var eyesOpen: FaceAttribute?
    public var mouthOpen: FaceAttribute?
    /// The backend's own rating of the face region, where it has one.
    public var quality: FaceQuality?

    public init(
        box: BoundingBox, confidence: Double, landmarks: [Landmark] = [], pose: HeadPose? = nil,
        eyeDirection: EyeDirection? = nil, expressions: [String: Double]? = nil,
        identity: IdentityDescriptor? = nil, eyesOpen: FaceAttribute? = nil, mouthOpen: FaceAttribute? = nil,
        quality: FaceQuality? = nil
    ) {
        self.box = box
        self.confidence = confidence
        self.landmarks = landmarks
        self.pose = pose
        self.eyeDirection = eyeDirection
        self.expressions = expressions
        self.identity = identity
        self.eyesOpen = eyesOpen
        self.mouthOpen = mouthOpen
        self.quality = quality
    }
}

/// How a backend tells faces apart: a descriptor vector whose Euclidean distance to another one says whether two faces
/// are the same person (same when below `sameThreshold`), or, for backends that compare faces themselves, a similarity
/// to the session's reference face already computed.
public struct IdentityDescriptor: Codable, Sendable, Equatable {
    public var vector: [Float]?
    /// Distance to the reference face, when the backend compared them itself.
    public var distanceToReference: Double?
    public var sameThreshold: Double

    public init(vector: [Float]? = nil, distanceToReference: Double? = nil, sameThreshold: Double) {
        self.vector = vector
        self.distanceToReference = distanceToReference
        self.sameThreshold = sameThreshold
    }

    /// Euclidean distance between two descriptor vectors.
    public static func distance(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count, "descriptors of different sizes")
        return zip(a, b).reduce(0.0) { sum, pair in
            let difference = Double(pair.0 - pair.1)
            return sum + difference * difference
        }.squareRoot()
    }
}

/// A detected object, labelled as the backend names it: COCO names for the local backend ("cell phone", "book",
/// "person"), Rekognition's label names for that backend ("Mobile Phone", "Book", "Person").
public struct ObjectObservation: Codable, Sendable, Equatable {
    public var label: String
    public var confidence: Double
    /// Where the object is; absent when the backend names it without locating it (a Rekognition label without
    /// instances, e.g. "Paper").
    public var box: BoundingBox?

    public init(label: String, confidence: Double, box: BoundingBox?) {
        self.label = label
        self.confidence = confidence
        self.box = box
    }
}

/// A region of visible text; `text` only when it was read (OCR).
public struct TextObservation: Codable, Sendable, Equatable {
    public var box: BoundingBox
    public var confidence: Double
    public var text: String?

    public init(box: BoundingBox, confidence: Double, text: String? = nil) {
        self.box = box
        self.confidence = confidence
        self.text = text
    }
}

/// Everything a backend measured on one frame, as plain values.
/// `objects` and `text` are nil on frames where the backend did not look for them (expensive detectors run on a
/// schedule) or where looking failed, which is different from an empty list (looked, found nothing).
public struct FrameObservation: Codable, Sendable, Equatable {
    public var index: Int
    public var timestamp: Double
    public var faces: [FaceObservation]
    public var quality: ImageQuality?
    public var objects: [ObjectObservation]?
    public var text: [TextObservation]?
    /// Set when the backend could not analyse this frame at all (a cloud call that still failed after its retries):
    /// nothing about the frame is known, so no rule judges it and it counts as `unanalysed` in the coverage.
    public var unanalysedReason: String?

    public init(
        index: Int, timestamp: Double, faces: [FaceObservation], quality: ImageQuality?,
        objects: [ObjectObservation]? = nil, text: [TextObservation]? = nil
    ) {
        self.index = index
        self.timestamp = timestamp
        self.faces = faces
        self.quality = quality
        self.objects = objects
        self.text = text
    }

    /// A frame the backend could not analyse, and why.
    public static func unanalysed(index: Int, timestamp: Double, reason: String) -> FrameObservation {
        var observation = FrameObservation(index: index, timestamp: timestamp, faces: [], quality: nil)
        observation.unanalysedReason = reason
        return observation
    }
}

extension FrameObservation {
    /// The same observation with every face's expressions removed (`--no-expressions`).
    public var withoutExpressions: FrameObservation {
        var copy = self
        for index in copy.faces.indices { copy.faces[index].expressions = nil }
        return copy
    }
}

extension Sequence where Element == FaceObservation {
    /// The faces largest first (by box area): the candidate is the largest usable face.
    public func largestFirst() -> [FaceObservation] { sorted { $0.box.area > $1.box.area } }

    /// The largest face by box area (the first of equals).
    public func largest() -> FaceObservation? { self.max { $0.box.area < $1.box.area } }
}
