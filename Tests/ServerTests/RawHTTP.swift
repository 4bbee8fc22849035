import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Bytes on a bare TCP connection to the server under test: what URLSession would tidy up (doubled slashes, dot
/// segments, malformed framing) or never send (slow or silent clients).
struct RawConnection {
    let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard socket >= 0, connected == 0 else { throw ServerTestError("cannot connect to 127.0.0.1:\(port)") }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var ignorePipe: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_KEEPALIVE, &ignorePipe, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sends all of `bytes`; false when the server has closed the connection.
    @discardableResult
    func send(_ bytes: Data) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let count = Glibc.send(socket, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                if count <= 0 { return false }
                sent += count
            }
            return true
        }
    }

    /// Reads until the server closes the connection or `seconds` pass: what arrived, and whether it closed.
    func read(for seconds: Double) -> (bytes: Data, closed: Bool) {
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 {
                received.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                return (received, true)
            } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                return (received, true)
            }
        }
        return (received, false)
    }

    func close() { _ = Glibc.close(socket) }

    /// The status code of the first response in `bytes`.
    static func status(_ bytes: Data) -> Int? {
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }

    /// One request on its own connection (`Connection: close`): the status, or nil when none came within `seconds`.
    static func request(port: Int, _ head: String, body: Data = Data(), seconds: Double = 10) throws -> Int? {
        let connection = try RawConnection(port: port)
        defer { connection.close() }
        connection.send(Data(head.utf8) + body)
        return status(connection.read(for: seconds).bytes)
    }
}
