import CVision
import Foundation
import ProctorEngine

/// Writes an evidence frame as a JPEG under a folder, with the usable faces boxed (the candidate's face green, any
/// other red) and the detected objects and text regions boxed in yellow.
/// File name: `<prefix>_<name>_f<frame index>.jpg` (name = event id or `identity-reference`).
public struct EvidenceImageWriter: Sendable {
    public let directory: URL
    public let prefix: String

    public init(directory: URL, prefix: String) throws {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw MediaError.unreadable(directory.path, "the evidence folder cannot be created (\(error.localizedDescription))")
        }
        self.directory = directory
        self.prefix = prefix
    }

    /// This writer as the engine's evidence callback.
    public var evidenceWriter: EvidenceWriter {
        { name, frame, assessment in try write(name: name, frame: frame, assessment: assessment) }
    }

    public func write(name: String, frame: Frame, assessment: FrameAssessment) throws -> String {
        let url = directory.appendingPathComponent(Self.fileName(prefix: prefix, name: name, frame: frame.index))
        func pixelBox(_ box: BoundingBox, blue: UInt8, green: UInt8, red: UInt8) -> cvn_box {
            cvn_box(x: Float(box.left * Double(frame.width)), y: Float(box.top * Double(frame.height)),
                    width: Float(box.width * Double(frame.width)), height: Float(box.height * Double(frame.height)),
                    blue: blue, green: green, red: red)
        }
        var boxes = assessment.usableFaces.enumerated().map { position, face in
            pixelBox(face.box, blue: 0, green: position == 0 ? 200 : 0, red: position == 0 ? 0 : 230)
        }
        let observation = assessment.observation
        let marked = (observation.objects ?? []).compactMap(\.box) + (observation.text ?? []).map(\.box)
        boxes += marked.map { pixelBox($0, blue: 0, green: 220, red: 240) }
        var error = [CChar](repeating: 0, count: 256)
        let status = frame.withCImage { image in
            cvn_write_jpeg(url.path, image, boxes, Int32(boxes.count), 90, &error, error.count)
        }
        guard status == Int32(CV_OK) else { throw EvidenceError(message: stringFromCBuffer(error)) }
        return url.path
    }
}

extension EvidenceImageWriter {
    /// Longest file name most file systems take, in bytes.
    static let maxNameBytes = 255

    /// `<prefix>_<name>_f<frame>.jpg`; when that is longer than `maxNameBytes`, the prefix is cut (on a character
    /// boundary) and followed by `~` and a hash of the whole prefix, so distinct recordings keep distinct names.
    static func fileName(prefix: String, name: String, frame: Int) -> String {
        let suffix = "_\(name)_f\(frame).jpg"
        let full = prefix + suffix
        guard full.utf8.count > maxNameBytes else { return full }
        let tag = "~" + String(fnv1a(prefix), radix: 16)
        var cut = Substring(prefix)
        while !cut.isEmpty, cut.utf8.count + tag.utf8.count + suffix.utf8.count > maxNameBytes { cut = cut.dropLast() }
        return cut + tag + suffix
    }

    /// 64-bit FNV-1a of the UTF-8 bytes: stable across runs and machines.
    private static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

struct EvidenceError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
