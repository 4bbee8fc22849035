// libFuzzer target `multipart`: MultipartForm (Sources/ProctorFormats/MultipartForm.swift) as the API's frame input
// uses it. Input layout: the first line (up to the first "\n") is the request's Content-Type header (the boundary
// is taken from it with `MultipartForm.parameter("boundary", in:)`, or the whole line when it has none); the rest
// is the body. Compiled into the ProctorFormats module itself (see reliability/fuzz/run.sh).
// Checks, besides "never crashes":
// - a boundary outside 1...70 bytes, or a body without "--boundary", gives nil;
// - there are fewer parts than delimiters, each part's body is a run of the input's bytes, `part(named:)` finds
//   the first part of that name;
// - `parameter` never returns a value holding ";" (pieces are split on it);
// - the form does not depend on where the body's bytes sit (a `Data` slice with a non-zero start index);
// - a text part goes through `Base64Image.decode` as FrameInput does it.
import Foundation

private func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
}

private func occurrences(of needle: Data, in haystack: Data) -> Int {
    var count = 0
    var start = haystack.startIndex
    while let found = haystack.range(of: needle, in: start..<haystack.endIndex) {
        count += 1
        start = found.upperBound
    }
    return count
}

private func summary(_ form: MultipartForm?) -> [String]? {
    form?.parts.map { "\($0.name)|\($0.filename ?? "-")|\($0.contentType ?? "-")|\($0.body.base64EncodedString())" }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes: start, count: size)
    let newline = input.firstIndex(of: UInt8(ascii: "\n")) ?? input.endIndex
    let line = String(decoding: input[..<newline], as: UTF8.self)
    let body = Data(input[min(newline + 1, input.endIndex)...])

    let boundary = MultipartForm.parameter("boundary", in: line) ?? line
    for key in ["boundary", "name", "filename", "charset"] {
        if let value = MultipartForm.parameter(key, in: line) {
            require(!value.contains(";"), "';' in \(key)=\(value)")
        }
    }

    let form = MultipartForm(body: body, boundary: boundary)
    let delimiter = Data("--\(boundary)".utf8)
    if !(1...70).contains(boundary.utf8.count) || body.range(of: delimiter) == nil {
        require(form == nil, "a form although the boundary is unusable or absent")
    }

    // The same body as a slice of a larger buffer.
    let padded = Data("prefix".utf8) + body
    let slice = padded[padded.index(padded.startIndex, offsetBy: 6)...]
    require(summary(MultipartForm(body: slice, boundary: boundary)) == summary(form), "the form differs on a slice")

    guard let form else { return 0 }
    require(
        form.parts.count < occurrences(of: delimiter, in: body), "\(form.parts.count) parts from too few delimiters")
    for part in form.parts {
        require(part.body.isEmpty || body.range(of: part.body) != nil, "a part's body is not in the input")
        require(form.part(named: part.name)?.name == part.name, "part(named:) misses \(part.name)")
        if let type = part.contentType { require(type == type.lowercased(), "content type not lowercased") }
    }
    // FrameInput: a file (filename or image/* type) is taken as bytes, anything else as base64 text.
    for field in ["frame", "document", "face"] {
        guard let part = form.part(named: field) else { continue }
        let isFile = part.filename != nil || (part.contentType?.hasPrefix("image/") ?? false)
        if !isFile { _ = try? Base64Image.decode(String(decoding: part.body, as: UTF8.self), field: field) }
    }
    return 0
}
