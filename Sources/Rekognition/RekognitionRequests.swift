import Foundation

/// The request bodies proctor sends, member order as botocore writes them for the same parameters.
public enum RekognitionRequests {
    /// `{"Bytes": "<base64>"}`: an image sent inline.
    public static func image(_ bytes: Data) -> WireJSON { .object([("Bytes", .string(bytes.base64EncodedString()))]) }

    /// Every facial attribute (`ALL`): emotions, eyes/mouth open, eye direction, quality, pose, landmarks.
    public static func detectFaces(_ image: Data) -> WireJSON {
        .object([("Image", Self.image(image)), ("Attributes", .array([.string("ALL")]))])
    }

    /// Only the default attributes (box, confidence, landmarks, pose, quality): enough to count faces.
    public static func detectFacesDefault(_ image: Data) -> WireJSON { .object([("Image", Self.image(image))]) }

    public static func detectLabels(_ image: Data, minConfidence: Double) -> WireJSON {
        .object([("Image", Self.image(image)), ("MinConfidence", .double(minConfidence))])
    }

    public static func detectText(_ image: Data) -> WireJSON { .object([("Image", Self.image(image))]) }

    /// Similarity threshold 0: every face in the target comes back with its similarity, and the engine applies its
    /// own threshold.
    public static func compareFaces(source: Data, target: Data) -> WireJSON {
        .object([("SourceImage", Self.image(source)), ("TargetImage", Self.image(target)),
                 ("SimilarityThreshold", .double(0))])
    }
}
