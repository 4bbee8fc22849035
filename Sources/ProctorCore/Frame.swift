/// One decoded picture: packed 8-bit BGR pixels (row stride = width * 3) and when it was shown.
public struct Frame: Sendable {
    /// Position in the sampled sequence, from 0.
    public let index: Int
    /// Seconds from the start of the recording (or of the live session).
    public let timestamp: Double
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]

    public init(index: Int, timestamp: Double, width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "BGR buffer size does not match width x height x 3")
        self.index = index
        self.timestamp = timestamp
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}
