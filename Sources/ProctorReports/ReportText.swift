import Foundation
import ProctorEngine

/// Sentences both human renderings (Markdown, HTML) use, written once.
extension BaselineSummary {
    /// The head and eye baselines in words (or that none could be formed).
    var sentences: [String] {
        func degrees(_ value: Double) -> String { String(format: "%.2f°", value) }
        var lines: [String] = []
        if let yaw = headYaw, let pitch = headPitch {
            lines.append(
                "Head baseline: yaw \(degrees(yaw)), pitch \(degrees(pitch)) (median of \(headFrames) of "
                    + "\(targetFrames) confident frames).")
        } else {
            lines.append("No baseline: no confident single-face frame.")
        }
        if let yaw = eyeYaw, let pitch = eyePitch {
            lines.append("Eye baseline: yaw \(degrees(yaw)), pitch \(degrees(pitch)) (median of \(eyeFrames) frames).")
        }
        return lines
    }
}

extension Report.IdentitySummary {
    /// Where the identity reference came from, in words.
    var referenceDescription: String {
        switch referenceSource {
        case "reference_image": return "the reference image given"
        case "none": return "none: no face was large and frontal enough to describe, so identity was never checked"
        default:
            return "the first confident face (frame \(referenceFrameIndex ?? 0)"
                + (referenceTimestamp.map { String(format: " at %.2f s", $0) } ?? "") + ")"
        }
    }
}
