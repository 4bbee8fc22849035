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

    public var centerX: Double { left + width / 2 }
    public var centerY: Double { top + height / 2 }
}

/// A named facial point, relative to the frame (0-1).
public struct Landmark: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case rightEye = "right_eye", leftEye = "left_eye", nose, mouthRight = "mouth_right", mouthLeft = "mouth_left"
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

/// One face as a backend saw it. Fields the backend cannot measure stay nil.
public struct FaceObservation: Codable, Sendable, Equatable {
    public var box: BoundingBox
    /// Detection confidence, 0-1.
    public var confidence: Double
    public var landmarks: [Landmark]
    public var pose: HeadPose?
    public var eyeDirection: EyeDirection?

    public init(box: BoundingBox, confidence: Double, landmarks: [Landmark] = [], pose: HeadPose? = nil,
                eyeDirection: EyeDirection? = nil) {
        self.box = box
        self.confidence = confidence
        self.landmarks = landmarks
        self.pose = pose
        self.eyeDirection = eyeDirection
    }
}

/// Everything a backend measured on one frame, as plain values.
public struct FrameObservation: Codable, Sendable, Equatable {
    public var index: Int
    public var timestamp: Double
    public var faces: [FaceObservation]
    public var quality: ImageQuality?

    public init(index: Int, timestamp: Double, faces: [FaceObservation], quality: ImageQuality?) {
        self.index = index
        self.timestamp = timestamp
        self.faces = faces
        self.quality = quality
    }
}
