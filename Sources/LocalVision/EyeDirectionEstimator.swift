import CVision
import Foundation
import ProctorCore
import ProctorMedia

/// Eye direction relative to the head: the iris is located inside each eye region (centred on the eye landmark,
/// 0.5 x 0.3 eye distances, rotated with the head; see `cvn_locate_iris`), its offset o (-1..1 of the half region)
/// is turned into an angle with an eyeball model, yaw = asin(o_x x 0.25 / 0.19), pitch = -asin(o_y x 0.15 / 0.19)
/// (region half-sizes over an eyeball radius of 0.19 eye distances, ~12 mm), and both eyes are averaged.
/// Confidence is the mean iris-blob quality of the eyes found (halved when only one eye was found).
public enum EyeDirectionEstimator {
    static let regionWidth = 0.5, regionHeight = 0.3, eyeballRadius = 0.19
    /// Below this eye distance in pixels an eye region is too small to hold a measurable iris.
    public static let minEyeDistancePixels = 24.0
    /// Beyond this head yaw one eye is foreshortened or hidden: eye direction is not measured.
    public static let maxHeadYawDegrees = 40.0

    static func estimate(image: cvn_image, leftEye: CGPoint, rightEye: CGPoint, pose: HeadPose) -> EyeDirection? {
        let eyeDistance = hypot(rightEye.x - leftEye.x, rightEye.y - leftEye.y)
        guard eyeDistance >= minEyeDistancePixels, abs(pose.yaw) <= maxHeadYawDegrees else { return nil }
        var offsets: [(x: Double, y: Double, quality: Double)] = []
        for eye in [leftEye, rightEye] {
            var x: Float = 0
            var y: Float = 0
            var quality: Float = 0
            // An eye the iris locator cannot read (closed, cut off) is left out; the other may still tell.
            let located: Void? = try? checkedCall(
                {
                    cvn_locate_iris(
                        image, Float(eye.x), Float(eye.y), Float(eyeDistance * regionWidth),
                        Float(eyeDistance * regionHeight), Float(pose.roll), &x, &y, &quality, $0, $1)
                }, failure: { VisionError(.iris, $0) })
            if located != nil { offsets.append((Double(x), Double(y), Double(quality))) }
        }
        guard !offsets.isEmpty else { return nil }
        let count = Double(offsets.count)
        let meanX = offsets.map(\.x).reduce(0, +) / count
        let meanY = offsets.map(\.y).reduce(0, +) / count
        let quality = offsets.map(\.quality).reduce(0, +) / count * (offsets.count == 2 ? 1 : 0.5)
        let yaw = asin(clamp(meanX * (regionWidth / 2) / eyeballRadius))
        let pitch = -asin(clamp(meanY * (regionHeight / 2) / eyeballRadius))
        return EyeDirection(
            yaw: HeadPoseEstimator.degrees(yaw), pitch: HeadPoseEstimator.degrees(pitch),
            confidence: quality)
    }

    private static func clamp(_ value: Double) -> Double { min(1, max(-1, value)) }
}
