import Foundation
import ProctorFormats

/// The image bytes a request carries, in any of the forms the seed's clients send: JSON `{"frame": "<data URL or
/// base64>"}`, the base64 or data URL as plain text, `multipart/form-data` with a `frame` file or field, or a raw
/// `image/jpeg` / `image/png` body.
enum FrameInput {
    static func image(from body: Data, contentType: String?, field: String = "frame") throws -> Data {
        try images(from: body, contentType: contentType, fields: [field])[field]!
    }

    /// Several named images from one JSON or multipart body (`document` and `face`).
    static func images(from body: Data, contentType: String?, fields: [String]) throws -> [String: Data] {
        let type =
            (contentType ?? "").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        switch type {
        case "application/json":
            return try fromJSON(body, fields: fields)
        case "multipart/form-data":
            guard let boundary = contentType.flatMap({ MultipartForm.parameter("boundary", in: $0) }),
                let form = MultipartForm(body: body, boundary: boundary)
            else {
                throw APIError.badRequest("malformed multipart/form-data body")
            }
            return try Dictionary(
                uniqueKeysWithValues: fields.map { field in
                    guard let part = form.part(named: field) else {
                        throw APIError.badRequest("missing '\(field)' part")
                    }
                    let isFile = part.filename != nil || (part.contentType?.hasPrefix("image/") ?? false)
                    return (
                        field, isFile ? part.body : try decodeText(String(decoding: part.body, as: UTF8.self), field)
                    )
                })
        case "image/jpeg", "image/png":
            guard fields.count == 1 else {
                throw APIError(.unsupportedMediaType, "send the images as JSON or multipart")
            }
            return [fields[0]: body]
        case "text/plain", "":
            if type.isEmpty, body.first == UInt8(ascii: "{") { return try fromJSON(body, fields: fields) }
            guard fields.count == 1 else {
                throw APIError(.unsupportedMediaType, "send the images as JSON or multipart")
            }
            return [fields[0]: try decodeText(String(decoding: body, as: UTF8.self), fields[0])]
        default:
            throw APIError(
                .unsupportedMediaType,
                "unsupported content type \(type): use application/json, "
                    + "multipart/form-data, image/jpeg, image/png or text/plain")
        }
    }

    private static func fromJSON(_ body: Data, fields: [String]) throws -> [String: Data] {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw APIError.badRequest("the body is not a JSON object")
        }
        return try Dictionary(
            uniqueKeysWithValues: fields.map { field in
                guard let text = object[field] as? String else {
                    throw APIError.badRequest("missing '\(field)': a data URL or base64 string")
                }
                return (field, try decodeText(text, field))
            })
    }

    /// A data URL or bare base64 (`Base64Image`), refusals as API errors.
    static func decodeText(_ text: String, _ field: String) throws -> Data {
        do { return try Base64Image.decode(text, field: field) } catch let error as FormatError {
            throw APIError(error)
        }
    }
}
