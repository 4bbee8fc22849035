import Foundation
import ProctorCore
import ProctorMedia

/// A reference face image for CompareFaces, checked with DetectFaces first: it must show exactly one usable face.
public enum RekognitionReference {
    /// The image as a JPEG under the size limit, after DetectFaces found exactly one usable face in it (one billed
    /// call). `role` names the image in errors.
    public static func prepare(_ image: Frame, role: String, client: RekognitionClient, options: RekognitionOptions)
        throws -> Data
    {
        let jpeg = try JPEGEncoder.encode(image, maxBytes: options.maxImageBytes)
        let response = try client.call(
            .detectFaces, body: RekognitionRequests.detectFacesDefault(InlineImage(jpeg)),
            as: RekognitionShapes.DetectFacesResponse.self)
        _ = try SingleFace.pick(
            from: (response.faceDetails ?? []).compactMap(RekognitionMapping.face), role: role,
            selection: options.faceSelection)
        return jpeg
    }
}
