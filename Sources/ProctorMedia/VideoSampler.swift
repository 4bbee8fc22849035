import CFFmpeg
import ProctorCore

/// Decodes a video with FFmpeg and hands out one BGR frame per sampling interval, chosen by presentation timestamp
/// (the first frame at or after each sample time, times measured from the stream's start), so variable-frame-rate
/// recordings sample correctly. Decodes forward only, one frame in memory at a time; frames that cannot be sampled
/// and that no other frame references are skipped by the decoder.
public final class VideoSampler {
    public let info: VideoInfo
    /// Seconds between samples.
    public let interval: Double
    /// Set when decoding stopped before the end of the input, with the reason.
    public private(set) var interruption: String?
    /// Packets the decoder rejected (damaged data it skipped).
    public private(set) var damagedPackets = 0
    public private(set) var framesDecoded = 0
    /// Facts about the input the report should mention (an approximated rotation).
    public private(set) var notes: [String] = []

    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var codec: UnsafeMutablePointer<AVCodecContext>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private var decoded: UnsafeMutablePointer<AVFrame>?
    private var scaler: OpaquePointer?
    /// Packets presented more than this many seconds before the next sample time may skip non-reference frames.
    private static let skipMargin = 0.1
    private let streamIndex: Int32
    private let timeBase: Double
    private let startTime: Int64
    private var nextSampleTime = 0.0
    private var sampleCount = 0
    private var draining = false
    private var finished = false
    private var lastTimestamp: Double?
    /// Timestamp of the last decoded frame (sampled or not), for frames that carry none.
    private var lastDecodedTimestamp: Double?
    /// Seconds between source frames (from the stream's frame rate), for frames without a timestamp.
    private let frameStep: Double
    /// Where the last video packet read ends, in seconds from the start: how far the file really goes.
    private var lastPacketEnd: Double?
    /// Decoded frames whose timestamp did not move past the previous one's (broken or rewritten timing).
    private var framesNotAdvancing = 0
    private let limits: MediaLimits
    /// The video stream's own declared duration (the container's when the stream declares none).
    private let videoDuration: Double?

    /// Opens `path` for sampling at `fps` frames per second (fractional allowed: 0.5 = one frame every 2 s).
    /// Pictures above `limits.maxPixels` are refused before any frame is decoded.
    public init(path: String, fps: Double, limits: MediaLimits = MediaLimits()) throws {
        guard fps > 0, fps.isFinite, fps <= 120 else {
            throw MediaError.invalidSampling("fps must be above 0 and at most 120 (got \(fps))")
        }
        try InputFile.check(path)
        interval = 1 / fps
        self.limits = limits
        av_log_set_level(AV_LOG_QUIET)

        let format = try Self.openContainer(path, limits: limits)
        let video: (index: Int32, stream: UnsafeMutablePointer<AVStream>, codec: UnsafeMutablePointer<AVCodecContext>)
        do { video = try Self.openVideoStream(of: format, path: path, limits: limits) } catch {
            var opened: UnsafeMutablePointer<AVFormatContext>? = format
            avformat_close_input(&opened)
            throw error
        }
        self.format = format
        codec = video.codec
        let stream = video.stream
        streamIndex = video.index
        timeBase = av_q2d(stream.pointee.time_base)
        let rate = av_guess_frame_rate(format, stream, nil)
        frameStep = rate.num > 0 && rate.den > 0 && av_q2d(rate) <= 1000 ? 1 / av_q2d(rate) : 1 / fps
        startTime = stream.pointee.start_time == pf_no_pts() ? 0 : stream.pointee.start_time
        packet = av_packet_alloc()
        decoded = av_frame_alloc()

        let rotation = Self.rightAngle(clockwise: -pf_display_rotation(stream))
        var duration: Double?
        if format.pointee.duration > 0 {
            duration = Double(format.pointee.duration) / Double(AV_TIME_BASE)
        } else if stream.pointee.duration > 0 {
            duration = Double(stream.pointee.duration) * timeBase
        }
        videoDuration = stream.pointee.duration > 0 ? Double(stream.pointee.duration) * timeBase : duration
        let storedWidth = Int(stream.pointee.codecpar.pointee.width)
        let storedHeight = Int(stream.pointee.codecpar.pointee.height)
        info = VideoInfo(
            path: path, container: String(cString: format.pointee.iformat.pointee.name),
            codec: String(cString: avcodec_get_name(stream.pointee.codecpar.pointee.codec_id)), duration: duration,
            width: rotation.applied % 180 == 0 ? storedWidth : storedHeight,
            height: rotation.applied % 180 == 0 ? storedHeight : storedWidth,
            rotation: rotation.applied)
        notes = Self.rotationNote(rotation).map { [$0] } ?? []
    }

    /// Opens the container and reads its streams, refusing pictures above the limit from what the header declares,
    /// before any frame is decoded to probe them (and the probing decoders are bounded too).
    private static func openContainer(_ path: String, limits: MediaLimits) throws
        -> UnsafeMutablePointer<AVFormatContext>
    {
        var opened: UnsafeMutablePointer<AVFormatContext>?
        var status = avformat_open_input(&opened, path, nil, nil)
        guard status >= 0, let format = opened else { throw MediaError.cannotOpen(path, text(status)) }
        for position in 0..<Int(format.pointee.nb_streams) {
            guard let stream = format.pointee.streams[position]?.pointee,
                stream.disposition & AV_DISPOSITION_ATTACHED_PIC == 0, let declared = stream.codecpar?.pointee,
                declared.codec_type == AVMEDIA_TYPE_VIDEO, declared.width > 0, declared.height > 0,
                let refusal = limits.refusal(width: Int(declared.width), height: Int(declared.height))
            else { continue }
            avformat_close_input(&opened)
            throw MediaError.tooLarge(path, refusal)
        }
        status = pf_find_stream_info(format, Int64(limits.maxPixels))
        guard status >= 0 else {
            avformat_close_input(&opened)
            throw MediaError.cannotOpen(path, text(status))
        }
        return format
    }

    /// The best video stream of an open container with its decoder opened (other streams discarded).
    private static func openVideoStream(
        of format: UnsafeMutablePointer<AVFormatContext>, path: String,
        limits: MediaLimits
    ) throws
        -> (index: Int32, stream: UnsafeMutablePointer<AVStream>, codec: UnsafeMutablePointer<AVCodecContext>)
    {
        var decoder: UnsafePointer<AVCodec>?
        let index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0)
        guard index >= 0, let stream = format.pointee.streams[Int(index)] else {
            throw index == pf_error_decoder_not_found()
                ? MediaError.unsupportedCodec(path, "unknown") : MediaError.noVideoStream(path)
        }
        let parameters = stream.pointee.codecpar!
        let codecName = String(cString: avcodec_get_name(parameters.pointee.codec_id))
        guard let decoder else { throw MediaError.unsupportedCodec(path, codecName) }
        let width = Int(parameters.pointee.width)
        let height = Int(parameters.pointee.height)
        if width > 0 || height > 0, let refusal = limits.refusal(width: width, height: height) {
            throw MediaError.tooLarge(path, refusal)
        }
        for other in 0..<Int(format.pointee.nb_streams) where other != Int(index) {
            format.pointee.streams[other]!.pointee.discard = AVDISCARD_ALL
        }
        var codec = avcodec_alloc_context3(decoder)
        guard let context = codec else { throw MediaError.cannotOpen(path, "cannot allocate a \(codecName) decoder") }
        avcodec_parameters_to_context(context, parameters)
        context.pointee.thread_count = 0
        context.pointee.max_pixels = Int64(limits.maxPixels)
        let status = avcodec_open2(context, decoder, nil)
        guard status >= 0 else {
            avcodec_free_context(&codec)
            throw MediaError.cannotOpen(path, "decoder for \(codecName) failed to open: \(text(status))")
        }
        return (index, stream, context)
    }

    /// Says so when the display matrix's angle is not a right angle (frames are turned to the nearest one).
    private static func rotationNote(_ rotation: (declared: Double, applied: Int)) -> String? {
        let offAngle = abs(rotation.declared - Double(rotation.applied))
        guard min(offAngle, 360 - offAngle) > 0.5 else { return nil }
        return String(
            format: "the display matrix rotates the picture by %.1f degrees clockwise; frames were analysed "
                + "at the nearest right angle, %d degrees", rotation.declared, rotation.applied)
    }

    deinit {
        sws_freeContext(scaler)
        av_frame_free(&decoded)
        av_packet_free(&packet)
        avcodec_free_context(&codec)
        avformat_close_input(&format)
    }

    /// The next sampled frame, or nil at the end of the input (check `interruption` for an early stop).
    /// Throws only when not a single frame could be decoded.
    public func next() throws -> Frame? {
        while !finished {
            let received = avcodec_receive_frame(codec, decoded)
            if received == 0 {
                framesDecoded += 1
                if let frame = takeIfSampled() { return frame }
                continue
            }
            if received == pf_error_eof() {
                finished = true
                break
            }
            if received != pf_error_again() {
                stop(because: "decoder error: \(Self.text(received))")
                continue
            }
            if draining {
                finished = true
                break
            }
            feedDecoder()
        }
        if sampleCount == 0 {
            throw MediaError.noDecodableFrames(info.path, interruption ?? "the stream holds no picture")
        }
        noteEarlyEnd()
        // A stray repeated timestamp happens in sound files; more than 1 frame in 20 means the timing is broken.
        if framesNotAdvancing > max(2, framesDecoded / 20), interruption == nil {
            interruption =
                "\(framesNotAdvancing) of \(framesDecoded) decoded frames had timestamps that did not advance "
                + "(repeated or going back in time) and could not be placed on the timeline"
        }
        return nil
    }

    /// Reads the next packet of the video stream and sends it to the decoder (or starts draining at the end).
    private func feedDecoder() {
        let read = av_read_frame(format, packet)
        if read < 0 {
            if read != pf_error_eof() { interruption = "read error after \(describeProgress()): \(Self.text(read))" }
            draining = true
            avcodec_send_packet(codec, nil)
            return
        }
        defer { av_packet_unref(packet) }
        guard packet!.pointee.stream_index == streamIndex else { return }
        // Frames well before the next sample time that nothing references need not be decoded.
        let pts = packet!.pointee.pts
        if pts != pf_no_pts() {
            let end = (Double(pts) - Double(startTime) + Double(max(packet!.pointee.duration, 0))) * timeBase
            lastPacketEnd = max(lastPacketEnd ?? end, end)
        }
        if pts != pf_no_pts(), (Double(pts) - Double(startTime)) * timeBase < nextSampleTime - Self.skipMargin {
            codec!.pointee.skip_frame = AVDISCARD_NONREF
        } else {
            codec!.pointee.skip_frame = AVDISCARD_DEFAULT
        }
        let sent = avcodec_send_packet(codec, packet)
        if sent < 0, sent != pf_error_again() { damagedPackets += 1 }
    }

    /// Converts the decoded frame when its timestamp has reached the next sample time.
    private func takeIfSampled() -> Frame? {
        let frame = decoded!
        var pts = frame.pointee.best_effort_timestamp
        if pts == pf_no_pts() { pts = frame.pointee.pts }
        let timestamp: Double
        if pts == pf_no_pts() {
            timestamp = (lastDecodedTimestamp ?? -frameStep) + frameStep
        } else {
            timestamp = max(0, (Double(pts) - Double(startTime)) * timeBase)
        }
        if let previous = lastDecodedTimestamp, timestamp <= previous + 1e-6 { framesNotAdvancing += 1 }
        lastDecodedTimestamp = max(lastDecodedTimestamp ?? timestamp, timestamp)
        if timestamp > limits.maxDurationSeconds {
            stop(because: String(format: "the duration limit of %.0f s was reached", limits.maxDurationSeconds))
            return nil
        }
        guard timestamp + 1e-6 >= nextSampleTime else { return nil }
        if let lastTimestamp, timestamp <= lastTimestamp { return nil }
        guard let pixels = convert(frame) else { return nil }
        lastTimestamp = timestamp
        nextSampleTime = (timestamp / interval + 1e-9).rounded(.down) * interval + interval
        let sampled = Frame(
            index: sampleCount, timestamp: timestamp, width: info.width, height: info.height,
            pixels: pixels)
        sampleCount += 1
        return sampled
    }

    /// The frame as packed BGR rows, rotated as displayed; nil (and the sampling stopped) when it cannot be.
    private func convert(_ frame: UnsafeMutablePointer<AVFrame>) -> [UInt8]? {
        let width = Int(frame.pointee.width)
        let height = Int(frame.pointee.height)
        if let refusal = limits.refusal(width: width, height: height) {
            stop(because: refusal)
            return nil
        }
        let expectedStored = info.rotation % 180 == 0 ? (info.width, info.height) : (info.height, info.width)
        guard (width, height) == expectedStored else {
            stop(because: "picture size changed mid-stream to \(width)x\(height)")
            return nil
        }
        scaler = sws_getCachedContext(
            scaler, Int32(width), Int32(height), AVPixelFormat(rawValue: frame.pointee.format),
            Int32(width), Int32(height), AV_PIX_FMT_BGR24, SWS_BILINEAR, nil, nil, nil)
        guard scaler != nil else {
            stop(because: "cannot convert pixel format \(frame.pointee.format)")
            return nil
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let status = pixels.withUnsafeMutableBufferPointer { buffer in
            pf_frame_to_bgr(scaler, frame, buffer.baseAddress, buffer.count)
        }
        guard status == 0 else {
            stop(because: "frame conversion failed: \(Self.text(status))")
            return nil
        }
        return PixelRotation.rotate(pixels, width: width, height: height, clockwise: info.rotation)
    }

    /// The display rotation (clockwise degrees, any angle) and the right angle (0, 90, 180, 270) nearest to it,
    /// which is what the frames are turned by: pixels are never resampled at an arbitrary angle.
    static func rightAngle(clockwise degrees: Double) -> (declared: Double, applied: Int) {
        guard degrees.isFinite else { return (0, 0) }
        let declared = (degrees.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360)
        return (declared, Int((declared / 90).rounded()) % 4 * 90)
    }

    private func stop(because reason: String) {
        if interruption == nil { interruption = "\(reason) after \(describeProgress())" }
        finished = true
    }

    /// Marks the input partial when the video data ends well before the declared duration (more than 1 s and more
    /// than 3 source frames early), judged from where the last packet read ends, not from the sampled frames.
    private func noteEarlyEnd() {
        guard interruption == nil, let duration = videoDuration, let end = lastPacketEnd ?? lastDecodedTimestamp
        else { return }
        if end < duration - max(1.0, 3 * frameStep) {
            interruption = String(
                format: "the video data ends at %.2f s of a declared %.2f s (truncated or damaged)",
                end, duration)
        }
    }

    private func describeProgress() -> String {
        lastTimestamp.map { String(format: "%.2f s", $0) } ?? "the start"
    }

    static func text(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        pf_error_text(code, &buffer, buffer.count)
        return cString(buffer)
    }
}
