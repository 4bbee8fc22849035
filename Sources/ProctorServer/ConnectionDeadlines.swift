import NIOCore
import NIOHTTP1

/// How long one HTTP connection may hold the server without progress, and how many connections it holds at once.
public struct ConnectionLimits: Sendable, Equatable {
    /// Seconds from a connection's start (or a later request's first byte) to the blank line ending the request head.
    public var headerTimeout = 10.0
    /// Seconds from the end of a request head until the server starts answering (a body sent slowly).
    public var requestTimeout = 60.0
    /// Seconds with nothing read and nothing written that close the connection (keep-alive, stalled peers).
    public var idleTimeout = 60.0
    /// Connections served at once; further ones wait in the listen backlog.
    public var maxConnections = 512

    public init() {}

    /// Whether every limit is usable: timeouts positive and at most a day, at least one connection.
    var isValid: Bool {
        [headerTimeout, requestTimeout, idleTimeout].allSatisfy { $0 > 0 && $0 <= 86_400 } && maxConnections >= 1
    }

    static func amount(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(seconds * 1e9)) }
}

/// Enforces `ConnectionLimits` time limits on the raw bytes, first in the pipeline, so they hold before any request
/// has been parsed and whatever the bytes are: silence, headers sent a line at a time, a body trickled in, TLS or
/// HTTP/2 bytes on the HTTP/1 port. A connection upgraded to a WebSocket keeps only the idle limit (its pings keep a
/// live one busy). A response that says `Connection: close` (e.g. the 400 for a malformed request) closes the
/// connection once the server has stopped writing, instead of waiting for the client to hang up.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    enum Phase: Equatable {
        /// Between requests: nothing of the next one has arrived (the first request's head limit runs from the start).
        case waitingForRequest
        /// Bytes of a request head are arriving; its blank line has not.
        case readingHead(since: NIODeadline)
        /// The head is complete; the server has not answered yet.
        case readingRequest(since: NIODeadline)
        /// The server answered with `Connection: close`: closed once it has been quiet for `closeDelay`.
        case closing
        /// A WebSocket: only the idle limit applies.
        case upgraded
    }

    static let tick = TimeAmount.milliseconds(500)
    static let closeDelay = TimeAmount.milliseconds(500)

    private let limits: ConnectionLimits
    private let now: () -> NIODeadline
    private(set) var phase: Phase = .waitingForRequest
    private var lastActivity: NIODeadline
    private var lastWrite: NIODeadline
    /// Consecutive line feeds seen (carriage returns ignored): two end a request head.
    private var lineFeeds = 0
    private var timer: RepeatedTask?
    private var context: ChannelHandlerContext?

    init(limits: ConnectionLimits, now: @escaping () -> NIODeadline = NIODeadline.now) {
        self.limits = limits
        self.now = now
        lastActivity = now()
        lastWrite = lastActivity
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        phase = .readingHead(since: now())
        lastActivity = now()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: Self.tick, delay: Self.tick) { _ in
            let (handler, context) = loopBound.value
            if handler.isExpired() { context.close(promise: nil) }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        self.context = nil
    }

    /// Answers a request the HTTP parser refused with 400 straight onto the socket, then closes: the parser has
    /// stopped, so nothing else on this connection could be answered. Does nothing once a WebSocket or a response
    /// to a `Connection: close` request is under way.
    func rejectMalformed() {
        guard let context, phase != .upgraded, phase != .closing else { return }
        let body = #"{"error": "malformed HTTP request", "success": false}"#
        let head =
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n"
        phase = .closing
        let bytes = context.channel.allocator.buffer(string: head + body)
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(bytes))).whenComplete { _ in context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        received(bytes.readableBytesView)
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .byteBuffer(let buffer) = unwrapOutboundIn(data) {
            wrote(buffer.readableBytesView)
        } else {
            wrote(ByteBufferView())
        }
        context.write(data, promise: promise)
    }

    /// Inbound bytes: progress through the request head.
    func received<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let time = now()
        lastActivity = time
        switch phase {
        case .waitingForRequest:
            phase = .readingHead(since: time)
            lineFeeds = 0
            scanHead(bytes, at: time)
        case .readingHead:
            scanHead(bytes, at: time)
        case .readingRequest, .closing, .upgraded:
            break
        }
    }

    /// Outbound bytes: the server is answering. The start of a response says whether the connection goes on.
    func wrote<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let time = now()
        lastActivity = time
        lastWrite = time
        switch phase {
        case .readingHead, .readingRequest, .waitingForRequest:
            let head = Self.responseHead(bytes)
            if head.status == 101 {
                phase = .upgraded
            } else if head.status == 100 {
                phase = .readingRequest(since: time)
            } else if head.status != nil, head.closes {
                phase = .closing
            } else if head.status != nil {
                phase = .waitingForRequest
            }
        case .closing, .upgraded:
            break
        }
    }

    /// Whether a limit has passed: checked every `tick`.
    func isExpired() -> Bool {
        let time = now()
        if time - lastActivity >= ConnectionLimits.amount(limits.idleTimeout) { return true }
        switch phase {
        case .readingHead(let since): return time - since >= ConnectionLimits.amount(limits.headerTimeout)
        case .readingRequest(let since): return time - since >= ConnectionLimits.amount(limits.requestTimeout)
        case .closing: return time - lastWrite >= Self.closeDelay
        case .waitingForRequest, .upgraded: return false
        }
    }

    private func scanHead<Bytes: Collection>(_ bytes: Bytes, at time: NIODeadline) where Bytes.Element == UInt8 {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lineFeeds += 1
                if lineFeeds == 2 {
                    phase = .readingRequest(since: time)
                    return
                }
            } else if byte != UInt8(ascii: "\r") {
                lineFeeds = 0
            }
        }
    }

    /// The status code of a response starting in `bytes` (`HTTP/1.x NNN`), and whether its head says
    /// `Connection: close`; status nil when the bytes do not start a response.
    static func responseHead<Bytes: Collection>(_ bytes: Bytes) -> (status: Int?, closes: Bool)
    where Bytes.Element == UInt8 {
        let prefix = String(decoding: bytes.prefix(4096), as: UTF8.self)
        guard prefix.hasPrefix("HTTP/1."), prefix.count >= 12,
            let status = Int(prefix.dropFirst(9).prefix(3))
        else { return (nil, false) }
        let head = prefix.components(separatedBy: "\r\n\r\n").first ?? prefix
        let closes = head.lowercased().components(separatedBy: "\r\n").contains {
            $0.hasPrefix("connection:") && $0.contains("close")
        }
        return (status, closes)
    }
}

/// Last in the pipeline: when the HTTP parser refuses the bytes (a bad request line, method, length or chunk, TLS
/// or HTTP/2 bytes), has `ConnectionDeadlineHandler` answer 400 and close. Passes everything else through untouched.
final class MalformedRequestCatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if error is HTTPParserError {
            (try? context.pipeline.syncOperations.handler(type: ConnectionDeadlineHandler.self))?.rejectMalformed()
        }
        context.fireErrorCaught(error)
    }
}
