import Foundation

/// An image sent inline (`{"Bytes": "<base64>"}`), encoded once however many calls carry it.
public struct InlineImage: Sendable {
    public let json: WireJSON

    public init(_ bytes: Data) { json = .object([("Bytes", .string(bytes.base64EncodedString()))]) }
}

/// The request bodies proctor sends, member order as botocore writes them for the same parameters.
public enum RekognitionRequests {
    /// Every facial attribute (`ALL`): emotions, eyes/mouth open, eye direction, quality, pose, landmarks.
    public static func detectFaces(_ image: InlineImage) -> WireJSON {
        .object([("Image", image.json), ("Attributes", .array([.string("ALL")]))])
    }

    /// Only the default attributes (box, confidence, landmarks, pose, quality): enough to count faces.
    public static func detectFacesDefault(_ image: InlineImage) -> WireJSON { .object([("Image", image.json)]) }

    public static func detectLabels(_ image: InlineImage, minConfidence: Double) -> WireJSON {
        .object([("Image", image.json), ("MinConfidence", .double(minConfidence))])
    }

    public static func detectText(_ image: InlineImage) -> WireJSON { .object([("Image", image.json)]) }

    /// Similarity threshold 0: every face in the target comes back with its similarity, and the engine applies its
    /// own threshold.
    public static func compareFaces(source: InlineImage, target: InlineImage) -> WireJSON {
        .object([("SourceImage", source.json), ("TargetImage", target.json), ("SimilarityThreshold", .double(0))])
    }
}
