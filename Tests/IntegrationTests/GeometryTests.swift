import Foundation
import ProctorEngine
import Testing

@testable import LocalVision
@testable import ProctorMedia

/// Head pose from landmarks and pixel rotation on synthetic inputs with known answers.
struct GeometryTests {
    /// A frontal face: eyes 100 px apart, nose tip 60% of the way down to the mouth line, centred.
    private func frontal(noseX: Double = 150, noseY: Double = 166) -> HeadPose? {
        HeadPoseEstimator.estimate(
            leftEye: CGPoint(x: 100, y: 100), rightEye: CGPoint(x: 200, y: 100),
            nose: CGPoint(x: noseX, y: noseY), mouthLeft: CGPoint(x: 115, y: 210),
            mouthRight: CGPoint(x: 185, y: 210))
    }

    @Test func frontalFaceHasZeroPose() throws {
        let pose = try #require(frontal())
        #expect(abs(pose.yaw) < 1e-9 && abs(pose.pitch) < 1e-9 && abs(pose.roll) < 1e-9)
    }

    @Test func noseOffsetsGiveYawAndPitchWithTheDocumentedSigns() throws {
        // Nose 25 px toward the image's right: (dl - dr) / (dl + dr) = 0.5 -> yaw = atan(0.5).
        let turned = try #require(frontal(noseX: 175))
        #expect(abs(turned.yaw - atan(0.5) * 180 / .pi) < 1e-9)
        // Nose lower (toward the mouth): looking down, pitch < 0.
        let down = try #require(frontal(noseY: 190))
        #expect(down.pitch < -10)
        let up = try #require(frontal(noseY: 140))
        #expect(up.pitch > 10)
    }

    @Test func rollFollowsTheEyeLineAndDoesNotLeakIntoYaw() throws {
        // The frontal face rotated 20 degrees clockwise about the eye midpoint.
        let angle = 20 * Double.pi / 180
        func rotate(_ x: Double, _ y: Double) -> CGPoint {
            let dx = x - 150
            let dy = y - 100
            return CGPoint(x: 150 + dx * cos(angle) - dy * sin(angle), y: 100 + dx * sin(angle) + dy * cos(angle))
        }
        let pose = try #require(
            HeadPoseEstimator.estimate(
                leftEye: rotate(100, 100), rightEye: rotate(200, 100), nose: rotate(150, 166),
                mouthLeft: rotate(115, 210), mouthRight: rotate(185, 210)))
        #expect(abs(pose.roll - 20) < 1e-6)
        #expect(abs(pose.yaw) < 1e-6 && abs(pose.pitch) < 1e-6)
    }

    @Test func rotationMovesPixelsClockwise() {
        // 2 wide x 3 high; pixel value = its position 1...6 (row-major), written in all three channels.
        let source: [UInt8] = (1...6).flatMap { [UInt8($0), UInt8($0), UInt8($0)] }
        func firstChannel(_ pixels: [UInt8]) -> [UInt8] { stride(from: 0, to: pixels.count, by: 3).map { pixels[$0] } }
        // 1 2        90 clockwise (3 wide x 2 high):  5 3 1
        // 3 4                                          6 4 2
        // 5 6
        #expect(firstChannel(PixelRotation.rotate(source, width: 2, height: 3, clockwise: 90)) == [5, 3, 1, 6, 4, 2])
        #expect(firstChannel(PixelRotation.rotate(source, width: 2, height: 3, clockwise: 180)) == [6, 5, 4, 3, 2, 1])
        #expect(firstChannel(PixelRotation.rotate(source, width: 2, height: 3, clockwise: 270)) == [2, 4, 6, 1, 3, 5])
        #expect(PixelRotation.rotate(source, width: 2, height: 3, clockwise: 0) == source)
    }
}
