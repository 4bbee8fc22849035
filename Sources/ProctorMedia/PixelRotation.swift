/// Rotates packed BGR pixels clockwise by 90, 180 or 270 degrees (display-matrix rotation of phone recordings).
enum PixelRotation {
    static func rotate(_ pixels: [UInt8], width: Int, height: Int, clockwise degrees: Int) -> [UInt8] {
        guard degrees == 90 || degrees == 180 || degrees == 270 else { return pixels }
        var rotated = [UInt8](repeating: 0, count: pixels.count)
        pixels.withUnsafeBufferPointer { source in
            rotated.withUnsafeMutableBufferPointer { destination in
                for y in 0..<height {
                    for x in 0..<width {
                        let target: Int
                        switch degrees {
                        case 90: target = (x * height + (height - 1 - y)) * 3
                        case 180: target = ((height - 1 - y) * width + (width - 1 - x)) * 3
                        default: target = ((width - 1 - x) * height + y) * 3
                        }
                        let origin = (y * width + x) * 3
                        destination[target] = source[origin]
                        destination[target + 1] = source[origin + 1]
                        destination[target + 2] = source[origin + 2]
                    }
                }
            }
        }
        return rotated
    }
}
