import Foundation
import ProctorFormats
import Testing

/// The parsers of what clients send: base64 and data URLs, multipart bodies, and the nesting measure that keeps
/// `job_data` storable.
struct RequestFormatTests {
    @Test func base64InEveryFormTheSeedClientsSend() throws {
        let bytes = Data([0xFF, 0xD8, 0xFF, 0xE0, 0xFB, 0xFF])
        let standard = bytes.base64EncodedString()
        for text in [
            standard, "data:image/jpeg;base64," + standard, "data:;base64," + standard,
            standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"),
            String(standard.dropLast(standard.hasSuffix("==") ? 2 : 0)), " \n" + standard + "\n",
        ] {
            #expect(try Base64Image.decode(text, field: "frame") == bytes, "\(text)")
            #expect(
                try Base64Image.decode(text.replacingOccurrences(of: "data:", with: "DATA:"), field: "frame") == bytes)
        }
        #expect(throws: FormatError(.unsupported, "'frame': image/gif is not supported (JPEG or PNG)")) {
            try Base64Image.decode("data:image/gif;base64,R0lG", field: "frame")
        }
        for text in ["", "data:image/jpeg,abc", "data:image/jpeg;base64", "%%%%"] {
            #expect(throws: FormatError.self) { try Base64Image.decode(text, field: "frame") }
        }
    }

    @Test func multipartPartsAndBrokenBodies() throws {
        let body = Data(
            ("--XyZ\r\nContent-Disposition: form-data; name=\"frame\"; filename=\"f.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\nJPEGBYTES\r\n--XyZ\r\nContent-Disposition: form-data; name=note\r\n\r\n"
                + "hello\r\n--XyZ--\r\n").utf8)
        let form = try #require(MultipartForm(body: body, boundary: "XyZ"))
        #expect(form.part(named: "frame")?.body == Data("JPEGBYTES".utf8))
        #expect(form.part(named: "frame")?.filename == "f.jpg")
        #expect(form.part(named: "frame")?.contentType == "image/jpeg")
        #expect(form.part(named: "note")?.body == Data("hello".utf8))
        #expect(MultipartForm(body: body, boundary: "other") == nil)
        #expect(MultipartForm(body: body, boundary: "") == nil)
        #expect(MultipartForm(body: body, boundary: String(repeating: "b", count: 71)) == nil)
        #expect(MultipartForm(body: Data("--XyZ".utf8), boundary: "XyZ")?.parts.isEmpty == true)
        #expect(MultipartForm.parameter("boundary", in: "multipart/form-data; boundary=\"a b\"") == "a b")
    }

    @Test func nestingIsMeasuredOutsideStrings() throws {
        #expect(JSONLimits.depth(of: Data("1".utf8)) == 0)
        #expect(JSONLimits.depth(of: Data(#"{"a": [1, {"b": "[[[{{{"}]}"#.utf8)) == 3)
        #expect(JSONLimits.depth(of: Data(#"{"a": "\"[[[", "b": [[]]}"#.utf8)) == 3)
        let deep = Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        #expect(JSONLimits.depth(of: deep, stoppingAfter: 32) == 33)
        #expect(throws: FormatError.self) { try JSONLimits().check(deep, name: "job_data") }
        #expect(throws: FormatError.self) {
            try JSONLimits().check(Data(("\"" + String(repeating: "x", count: 70_000) + "\"").utf8), name: "job_data")
        }
        #expect(throws: Never.self) {
            try JSONLimits().check(Data(#"{"candidate": {"id": 7}}"#.utf8), name: "job_data")
        }
        // Found by the fuzzer: in UTF-16 (which the JSON parsers accept) U+2200 is the bytes 00 22, a "quote" that
        // hid the brackets after it from a byte scan.
        let utf16 = try #require(#"{"":["∀",[]]}"#.data(using: .utf16LittleEndian))
        #expect(JSONLimits.depth(of: utf16) == 3)
    }
}
