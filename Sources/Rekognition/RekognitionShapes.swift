/// The parts of Rekognition's responses proctor reads, as documented in the service model
/// (botocore `data/rekognition/2016-06-27/service-2.json`). Every member is optional there, and here.
/// Confidences and similarities are 0-100; boxes and points are ratios of the image's size.
enum RekognitionShapes {
    struct BoundingBox: Decodable {
        var width: Double?
        var height: Double?
        var left: Double?
        var top: Double?
    }

    struct Landmark: Decodable {
        var type: String?
        var x: Double?
        var y: Double?
    }

    struct Pose: Decodable {
        var roll: Double?
        var yaw: Double?
        var pitch: Double?
    }

    struct ImageQuality: Decodable {
        var brightness: Double?
        var sharpness: Double?
    }

    struct Emotion: Decodable {
        var type: String?
        var confidence: Double?
    }

    struct BooleanAttribute: Decodable {
        var value: Bool?
        var confidence: Double?
    }

    struct EyeDirection: Decodable {
        var yaw: Double?
        var pitch: Double?
        var confidence: Double?
    }

    struct FaceDetail: Decodable {
        var boundingBox: BoundingBox?
        var confidence: Double?
        var landmarks: [Landmark]?
        var pose: Pose?
        var quality: ImageQuality?
        var emotions: [Emotion]?
        var eyesOpen: BooleanAttribute?
        var mouthOpen: BooleanAttribute?
        var eyeDirection: EyeDirection?
    }

    struct DetectFacesResponse: Decodable {
        var faceDetails: [FaceDetail]?
    }

    struct Instance: Decodable {
        var boundingBox: BoundingBox?
        var confidence: Double?
    }

    struct Label: Decodable {
        var name: String?
        var confidence: Double?
        var instances: [Instance]?
    }

    struct DetectLabelsResponse: Decodable {
        var labels: [Label]?
        var labelModelVersion: String?
    }

    struct Geometry: Decodable {
        var boundingBox: BoundingBox?
    }

    struct TextDetection: Decodable {
        var detectedText: String?
        var type: String?
        var confidence: Double?
        var geometry: Geometry?
    }

    struct DetectTextResponse: Decodable {
        var textDetections: [TextDetection]?
        var textModelVersion: String?
    }

    struct ComparedFace: Decodable {
        var boundingBox: BoundingBox?
        var confidence: Double?
    }

    struct CompareFacesMatch: Decodable {
        var similarity: Double?
        var face: ComparedFace?
    }

    struct CompareFacesResponse: Decodable {
        var sourceImageFace: ComparedFace?
        var faceMatches: [CompareFacesMatch]?
        var unmatchedFaces: [ComparedFace]?
    }
}
