/// What one recording or image may cost, checked before anything is allocated for it: a small file can declare a
/// huge picture or an endless timeline. Each limit is configurable (`proctor analyze --max-megapixels`,
/// `--max-hours`; `proctor serve --max-image-megapixels`) and exceeding it is a clear error naming the limit.
public struct MediaLimits: Sendable, Equatable {
    /// Largest picture (width x height) a video frame or a still image may have.
    public var maxPixels = 40_000_000
    /// Seconds of a recording's own timeline that are analysed; sampling stops there and the report is partial.
    public var maxDurationSeconds: Double = 8 * 3600
    /// Largest encoded still image, in bytes.
    public var maxImageBytes = 64 << 20

    public init() {}

    /// `width x height`, or nil when either is not positive or the product overflows.
    public static func pixelCount(width: Int, height: Int) -> Int? {
        guard width > 0, height > 0 else { return nil }
        let (product, overflow) = width.multipliedReportingOverflow(by: height)
        return overflow ? nil : product
    }

    /// nil when a `width x height` picture is allowed; otherwise why not, in words.
    public func refusal(width: Int, height: Int) -> String? {
        guard width > 0, height > 0 else { return "the picture size \(width)x\(height) has no pixels" }
        guard let pixels = Self.pixelCount(width: width, height: height), pixels <= maxPixels else {
            return "the picture is \(width)x\(height), more than the \(Self.megapixels(maxPixels)) megapixels allowed"
        }
        return nil
    }

    /// nil when an encoded image of `count` bytes is allowed; otherwise why not.
    public func refusal(imageBytes count: Int) -> String? {
        count <= maxImageBytes ? nil : "the image is \(count) bytes, more than the \(maxImageBytes) allowed"
    }

    static func megapixels(_ pixels: Int) -> String {
        let value = Double(pixels) / 1_000_000
        return value == value.rounded() ? String(Int(value)) : String(value)
    }
}
