// libFuzzer target `base64_image`: Base64Image.decode and JSONLimits (Sources/ProctorFormats/Base64Image.swift,
// JSONLimits.swift) on the same bytes: as the text of a data URL or bare base64, and as a JSON body. Compiled into
// the ProctorFormats module itself (see reliability/fuzz/run.sh). Checks, besides "never crashes":
// - a decoded image re-encodes to base64 that decodes to the same bytes, bare, URL-safe without padding, wrapped in
//   whitespace and as a data URL; refusals are only `.malformed` or `.unsupported`;
// - `depth(of:stoppingAfter: n)` is the full depth when that is at most n, and n + 1 otherwise; `check` refuses
//   exactly what is too large or too deep;
// - for every input that JSONSerialization accepts (it also reads UTF-16 and UTF-32), `depth` is never below the
//   nesting of the parsed tree (else a client could slip deep JSON past the limit); on the tree written back as
//   UTF-8 JSON it is exactly that nesting. (It may be above the tree's nesting on the raw bytes: a repeated key's
//   earlier, deeper value is dropped by the parser but was counted.)
// - a JSON object's "frame" string goes through `Base64Image.decode` as FrameInput does it.
import Foundation

private func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
}

private func nesting(_ value: Any) -> Int {
    if let array = value as? [Any] { return 1 + (array.map(nesting).max() ?? 0) }
    if let object = value as? [String: Any] { return 1 + (object.values.map(nesting).max() ?? 0) }
    return 0
}

private func checkBase64(_ text: String) {
    let decoded: Data
    do { decoded = try Base64Image.decode(text, field: "frame") } catch let error as FormatError {
        require(error.kind != .tooLarge, "decode refused with \(error.kind)")
        return
    } catch { fatalError("decode threw a non-FormatError: \(error)") }
    guard !decoded.isEmpty else { return }
    let standard = decoded.base64EncodedString()
    let urlSafe = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
    let wrapped =
        " \n"
        + stride(from: 0, to: standard.count, by: 7).map { offset -> String in
            let start = standard.index(standard.startIndex, offsetBy: offset)
            return String(
                standard[
                    start..<(standard.index(start, offsetBy: 7, limitedBy: standard.endIndex) ?? standard.endIndex)])
        }.joined(separator: "\r\n") + "\t"
    for form in [standard, urlSafe, wrapped, "data:image/png;base64," + standard, "data:;base64," + urlSafe] {
        require((try? Base64Image.decode(form, field: "frame")) == decoded, "round trip failed for \(form.prefix(80))")
    }
}

private func checkDepth(_ data: Data) {
    let full = JSONLimits.depth(of: data)
    for limit in [0, 1, 2, 5, 32, full - 1, full, full + 1] where limit >= 0 {
        let stopped = JSONLimits.depth(of: data, stoppingAfter: limit)
        require(stopped == (full <= limit ? full : limit + 1), "depth \(full), stopping after \(limit) gave \(stopped)")
    }
    let limits = JSONLimits(maxDepth: 4, maxBytes: 512)
    let refused: Bool
    do {
        try limits.check(data, name: "job_data")
        refused = false
    } catch let error as FormatError {
        require(error.kind == .tooLarge, "check refused with \(error.kind)")
        refused = true
    } catch { fatalError("check threw a non-FormatError: \(error)") }
    require(
        refused == (data.count > 512 || full > 4), "check refused=\(refused) for \(data.count) bytes, depth \(full)")

    guard let tree = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) else { return }
    let real = nesting(tree)
    require(full >= real, "depth \(full) below the parsed nesting \(real): the limit can be bypassed")
    if let canonical = try? JSONSerialization.data(withJSONObject: tree, options: .fragmentsAllowed) {
        require(JSONLimits.depth(of: canonical) == real, "depth of re-serialised JSON is not \(real)")
    }
    if let object = tree as? [String: Any], let frame = object["frame"] as? String { checkBase64(frame) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = Data(bytes: start, count: size)
    checkBase64(String(decoding: data, as: UTF8.self))
    checkDepth(data)
    return 0
}
