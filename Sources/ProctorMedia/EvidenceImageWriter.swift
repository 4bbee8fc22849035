import CVision
import Foundation
import ProctorEngine

/// Writes an event's evidence frame as a JPEG under a folder, with the usable faces boxed (the candidate's face
/// green, any other red). File name: `<prefix>_<event id>_f<frame index>.jpg`.
public struct EvidenceImageWriter: Sendable {
    public let directory: URL
    public let prefix: String

    public init(directory: URL, prefix: String) throws {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw MediaError.notAFile("\(directory.path) (evidence folder cannot be created: \(error.localizedDescription))")
        }
        self.directory = directory
        self.prefix = prefix
    }

    public func write(event: AlertEvent, frame: Frame, assessment: FrameAssessment) throws -> String {
        let url = directory.appendingPathComponent("\(prefix)_\(event.id)_f\(frame.index).jpg")
        let boxes = assessment.usableFaces.enumerated().map { position, face in
            cvn_box(x: Float(face.box.left * Double(frame.width)), y: Float(face.box.top * Double(frame.height)),
                    width: Float(face.box.width * Double(frame.width)),
                    height: Float(face.box.height * Double(frame.height)),
                    blue: 0, green: position == 0 ? 200 : 0, red: position == 0 ? 0 : 230)
        }
        var error = [CChar](repeating: 0, count: 256)
        let status = frame.pixels.withUnsafeBufferPointer { pixels in
            cvn_write_jpeg(url.path, cvn_image(pixels: pixels.baseAddress, width: Int32(frame.width),
                                               height: Int32(frame.height), stride: Int32(frame.width * 3)),
                           boxes, Int32(boxes.count), 90, &error, error.count)
        }
        guard status == Int32(CV_OK) else { throw EvidenceError(message: stringFromCBuffer(error)) }
        return url.path
    }
}

struct EvidenceError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
