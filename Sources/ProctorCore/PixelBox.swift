/// A rectangle in pixels of the image a detector ran on, origin top-left.
public struct PixelBox: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The pixels of an image of `width` x `height` that a relative box (0-1, like ``FaceObservation/box``) covers.
    public init(_ box: BoundingBox, width: Int, height: Int) {
        let width = Double(width)
        let height = Double(height)
        self.init(x: box.left * width, y: box.top * height, width: box.width * width, height: box.height * height)
    }

    /// The pixels of `frame` that a relative box covers.
    public init(_ box: BoundingBox, in frame: Frame) {
        self.init(box, width: frame.width, height: frame.height)
    }

    /// The same rectangle relative to an image of `size` (0-1 on each axis), clipped to the image.
    public func relative(to size: (width: Double, height: Double)) -> BoundingBox {
        let left = max(0, x)
        let top = max(0, y)
        let right = min(size.width, x + width)
        let bottom = min(size.height, y + height)
        return BoundingBox(
            left: left / size.width, top: top / size.height,
            width: max(0, right - left) / size.width, height: max(0, bottom - top) / size.height)
    }
}
