/// Reads the NUL-terminated text a C function wrote into a fixed-size buffer (error messages from the C targets).
public func stringFromCBuffer(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
