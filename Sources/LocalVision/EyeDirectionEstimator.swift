import Foundation
import ProctorCore

/// Eye direction relative to the head, from the MediaPipe eye landmarks (`EyeLandmarker`). For each eye, the iris
/// centre's offset from the midpoint of the two corners is measured along the corner line (d) and across it (e), in
/// units of the eyeball radius r = corner distance / 2.5 (a palpebral fissure of about 30 mm over an eyeball radius
/// of about 12 mm): yaw = asin(d / r) (positive: iris toward image right), pitch = -asin(e / r) (positive: up). Eyes
/// that are nearly closed (lid gap under 0.1 of the corner distance) are left out; the rest are averaged.
/// Confidence = the mesh's face presence x the agreement of the two eyes (1 - |yaw difference| / 30 degrees,
/// at least 0), halved when only one eye counted.
public enum EyeDirectionEstimator {
    /// Corner distance over eyeball radius.
    static let cornerDistanceInRadii = 2.5
    /// Lid gap over corner distance under which an eye counts as closed.
    static let minOpenness = 0.1
    /// Below this eye distance in pixels an eye is too small to hold a measurable iris.
    public static let minEyeDistancePixels = 24.0
    /// Beyond this head yaw one eye is foreshortened or hidden: eye direction is not measured.
    public static let maxHeadYawDegrees = 40.0

    /// The eyes' direction; nil when the face is too small or turned, or no eye is open.
    static func estimate(eyes: [EyeLandmarker.Eye], faceScore: Double) -> EyeDirection? {
        let angles = eyes.compactMap(angles(of:))
        guard !angles.isEmpty else { return nil }
        let yaw = angles.map(\.yaw).reduce(0, +) / Double(angles.count)
        let pitch = angles.map(\.pitch).reduce(0, +) / Double(angles.count)
        let agreement = angles.count == 2 ? max(0, 1 - abs(angles[0].yaw - angles[1].yaw) / 30) : 0.5
        return EyeDirection(yaw: yaw, pitch: pitch, confidence: faceScore * agreement)
    }

    /// Whether a face's eyes can be measured at all (eye distance in pixels, head yaw in degrees).
    static func canMeasure(eyeDistance: Double, pose: HeadPose) -> Bool {
        eyeDistance >= minEyeDistancePixels && abs(pose.yaw) <= maxHeadYawDegrees
    }

    /// One eye's yaw and pitch in degrees; nil when the eye is closed or degenerate.
    static func angles(of eye: EyeLandmarker.Eye) -> (yaw: Double, pitch: Double)? {
        let axisX = eye.cornerRight.x - eye.cornerLeft.x
        let axisY = eye.cornerRight.y - eye.cornerLeft.y
        let width = hypot(axisX, axisY)
        let lidGap = hypot(eye.lowerLid.x - eye.upperLid.x, eye.lowerLid.y - eye.upperLid.y)
        guard width > 1, lidGap >= minOpenness * width else { return nil }
        let (unitX, unitY) = (axisX / width, axisY / width)
        let offsetX = eye.iris.x - (eye.cornerLeft.x + eye.cornerRight.x) / 2
        let offsetY = eye.iris.y - (eye.cornerLeft.y + eye.cornerRight.y) / 2
        let radius = width / cornerDistanceInRadii
        let along = (offsetX * unitX + offsetY * unitY) / radius
        let across = (-offsetX * unitY + offsetY * unitX) / radius
        return (
            HeadPoseEstimator.degrees(asin(clamp(along))), HeadPoseEstimator.degrees(-asin(clamp(across)))
        )
    }

    private static func clamp(_ value: Double) -> Double { min(1, max(-1, value)) }
}
