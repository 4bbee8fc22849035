import Foundation
import ProctorCore

/// Head pose from the five YuNet landmarks with a fixed generic face model, in closed form:
/// - roll = angle of the line from the image-left eye to the image-right eye;
/// - after undoing the roll, with dl / dr the horizontal nose-to-eye distances,
///   yaw = atan((dl - dr) / (dl + dr) x halfEyeDistance / noseDepth);
/// - with q = (nose - eye line) / (mouth line - eye line) vertically,
///   pitch = -atan((q - frontalNoseRatio) / noseDepthOverEyeMouth).
/// The model constants are anthropometric averages; pose is judged against the candidate's own baseline, so a
/// constant bias per person cancels out.
public enum HeadPoseEstimator {
    /// Half the eye distance over the nose tip's depth in front of the eyes (both in eye-distance units: 0.5 / 0.5).
    static let halfEyeDistanceOverNoseDepth = 1.0
    /// Nose tip height between the eye line (0) and the mouth line (1) on a frontal face.
    static let frontalNoseRatio = 0.6
    /// Nose tip depth in eye-to-mouth units.
    static let noseDepthOverEyeMouth = 0.45

    /// Landmarks in pixels: image-left eye, image-right eye, nose tip, image-left and image-right mouth corner.
    public static func estimate(
        leftEye: CGPoint, rightEye: CGPoint, nose: CGPoint, mouthLeft: CGPoint,
        mouthRight: CGPoint
    ) -> HeadPose? {
        let roll = atan2(rightEye.y - leftEye.y, rightEye.x - leftEye.x)
        let eyeCentre = CGPoint(x: (leftEye.x + rightEye.x) / 2, y: (leftEye.y + rightEye.y) / 2)
        func upright(_ point: CGPoint) -> CGPoint {
            let dx = point.x - eyeCentre.x
            let dy = point.y - eyeCentre.y
            return CGPoint(x: dx * cos(-roll) - dy * sin(-roll), y: dx * sin(-roll) + dy * cos(-roll))
        }
        let left = upright(leftEye)
        let right = upright(rightEye)
        let tip = upright(nose)
        let mouth = upright(CGPoint(x: (mouthLeft.x + mouthRight.x) / 2, y: (mouthLeft.y + mouthRight.y) / 2))
        let toLeft = tip.x - left.x
        let toRight = right.x - tip.x
        guard toLeft + toRight > 0, mouth.y > 0 else { return nil }
        let yaw = atan((toLeft - toRight) / (toLeft + toRight) * halfEyeDistanceOverNoseDepth)
        let noseRatio = tip.y / mouth.y
        let pitch = -atan((noseRatio - frontalNoseRatio) / noseDepthOverEyeMouth)
        return HeadPose(yaw: degrees(yaw), pitch: degrees(pitch), roll: degrees(roll))
    }

    static func degrees(_ radians: Double) -> Double { radians * 180 / .pi }
}
