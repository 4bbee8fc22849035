import CVision
import Foundation
import ProctorCore

/// Writes an evidence frame as a JPEG under a folder, with boxes drawn on it (`EvidenceMark`).
/// File name: `<prefix>_<name>_f<frame index>.jpg` (name = event id or `identity-reference`).
public struct EvidenceImageWriter: Sendable {
    public let directory: URL
    public let prefix: String

    public init(directory: URL, prefix: String) throws {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw MediaError.unreadable(
                directory.path, "the evidence folder cannot be created (\(error.localizedDescription))")
        }
        self.directory = directory
        self.prefix = prefix
    }

    /// Writes `frame` with `marks` drawn on it and returns the file's path.
    public func write(name: String, frame: Frame, marks: [EvidenceMark]) throws -> String {
        let url = directory.appendingPathComponent(Self.fileName(prefix: prefix, name: name, frame: frame.index))
        let boxes = marks.map { mark in
            let (blue, green, red) = mark.kind.bgr
            let pixels = PixelBox(mark.box, in: frame)
            return cvn_box(
                x: Float(pixels.x), y: Float(pixels.y), width: Float(pixels.width),
                height: Float(pixels.height), blue: blue, green: green, red: red)
        }
        try frame.withCImage { image in
            try checkedCall(
                { cvn_write_jpeg(url.path, image, boxes, Int32(boxes.count), 90, $0, $1) },
                failure: { EvidenceError(message: $0) })
        }
        return url.path
    }
}

/// A box drawn on an evidence frame, coloured by what it marks.
public struct EvidenceMark: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The candidate's face (green).
        case candidateFace
        /// Any other usable face (red).
        case otherFace
        /// A detected object or text region (yellow).
        case detection

        var bgr: (UInt8, UInt8, UInt8) {
            switch self {
            case .candidateFace: return (0, 200, 0)
            case .otherFace: return (0, 0, 230)
            case .detection: return (0, 220, 240)
            }
        }
    }

    public var box: BoundingBox
    public var kind: Kind

    public init(box: BoundingBox, kind: Kind) {
        self.box = box
        self.kind = kind
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
