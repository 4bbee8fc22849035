import CVision

// The C targets report failure the same way: a status (`CV_OK` on success) and a NUL-terminated message written
// into a buffer the caller passes with its capacity. These helpers own that buffer and turn a failure into the
// caller's error.

/// Runs a C call that returns `CV_OK` on success; otherwise throws `failure(message)`.
package func checkedCall(
    _ call: (_ message: UnsafeMutablePointer<CChar>, _ capacity: Int) -> Int32,
    failure: (String) -> any Error
) throws {
    var buffer = [CChar](repeating: 0, count: 512)
    let status = buffer.withUnsafeMutableBufferPointer { call($0.baseAddress!, $0.count) }
    guard status == Int32(CV_OK) else { throw failure(cString(buffer)) }
}

/// Runs a C constructor that fills in a handle and returns `CV_OK`; returns the handle or throws `failure(message)`.
package func checkedCreate(
    _ create: (_ handle: inout OpaquePointer?, _ message: UnsafeMutablePointer<CChar>, _ capacity: Int) -> Int32,
    failure: (String) -> any Error
) throws -> OpaquePointer {
    var handle: OpaquePointer?
    try checkedCall({ message, capacity in create(&handle, message, capacity) }, failure: failure)
    guard let handle else { throw failure("no handle returned") }
    return handle
}

/// The NUL-terminated text a C function wrote into a fixed-size buffer.
package func cString(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
