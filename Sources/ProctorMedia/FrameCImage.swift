import CVision
import ProctorCore

extension Frame {
    /// The frame's pixels as the C vision layer borrows them, for the duration of `body` only: the one place a
    /// `cvn_image` is made, for every target of the package (never part of a public API).
    package func withCImage<T>(_ body: (cvn_image) throws -> T) rethrows -> T {
        try pixels.withUnsafeBufferPointer { buffer in
            try body(
                cvn_image(
                    pixels: buffer.baseAddress, width: Int32(width), height: Int32(height),
                    stride: Int32(width * 3)))
        }
    }
}
