import Foundation
import Testing

@testable import Rekognition

/// The AWS Signature Version 4 test suite (as shipped in botocore's source distribution): for every case, the
/// canonical request, string to sign and Authorization header must equal AWS's expected files byte for byte.
@Suite struct SigV4TestSuiteTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let timestamp = "20150830T123600Z"

    /// Every folder of the suite holding a `.req` file.
    static func cases() throws -> [URL] {
        let root = TestSupport.sigV4Suite
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "req" }
            .map { $0.deletingPathExtension() }.sorted { $0.path < $1.path }
    }

    @Test func suiteIsPresentAndComplete() throws {
        #expect(
            FileManager.default.fileExists(atPath: TestSupport.sigV4Suite.path),
            "run scripts/fetch_test_data.py (scripts/setup.sh --tests) first")
        #expect(try Self.cases().count >= 30)
    }

    @Test(arguments: try cases())
    func matchesExpectedSignature(_ base: URL) throws {
        func read(_ ext: String) throws -> String {
            try String(contentsOf: base.appendingPathExtension(ext), encoding: .utf8).replacingOccurrences(
                of: "\r", with: "")
        }
        let expectedCanonical = try read("creq")
        let expectedStringToSign = try read("sts")
        let expectedAuthorization = try read("authz")
        let request = try RawRequest.parse(try read("req"))
        let token = expectedCanonical.split(separator: "\n").first { $0.hasPrefix("x-amz-security-token:") }
            .map { String($0.dropFirst("x-amz-security-token:".count)) }
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret, sessionToken: token,
                source: "test suite"),
            region: "us-east-1", service: "service")
        // Signing adds the session token header when the credentials carry one, as the suite's signed requests show.
        var signed = request
        signer.sign(&signed, at: Date(timeIntervalSince1970: 1_440_938_160))  // 2015-08-30T12:36:00Z
        #expect(signed.header("Authorization") == expectedAuthorization, "\(base.lastPathComponent): authorization")
        signed.headers.removeAll { $0.name == "Authorization" }
        let canonical = signer.canonicalRequest(signed)
        #expect(canonical == expectedCanonical, "\(base.lastPathComponent): canonical request")
        #expect(
            signer.stringToSign(canonicalRequest: canonical, timestamp: Self.timestamp) == expectedStringToSign,
            "\(base.lastPathComponent): string to sign")
    }

    @Test func signAddsDateTokenAndAuthorization() throws {
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret, sessionToken: "TOKEN",
            source: "test")
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        var request = SignableRequest(
            method: "GET", path: "/", headers: [.init(name: "Host", value: "example.amazonaws.com")],
            body: Data())
        signer.sign(&request, at: Date(timeIntervalSince1970: 1_440_938_160))  // 2015-08-30T12:36:00Z
        #expect(request.header("X-Amz-Date") == Self.timestamp)
        #expect(request.header("X-Amz-Security-Token") == "TOKEN")
        #expect(
            request.header("Authorization")?.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,") == true)
    }
}

/// A raw HTTP request from the suite: request line (the path may hold spaces), headers (indented lines continue the
/// previous header), a blank line, the body.
struct RawRequest {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> SignableRequest {
        let (head, body) =
            text.range(of: "\n\n").map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) }
            ?? (text, "")
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "),
            let version = requestLine.range(of: " HTTP/", options: .backwards)
        else { throw Malformed() }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<version.lowerBound])
        var headers: [SignableRequest.Header] = []
        for line in lines {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(.init(name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
            }
        }
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let query =
            parts.count > 1
            ? parts[1].split(separator: "&").map { pair -> SignableRequest.QueryItem in
                let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return .init(
                    name: String(halves[0]).removingPercentEncoding ?? String(halves[0]),
                    value: halves.count > 1 ? (String(halves[1]).removingPercentEncoding ?? String(halves[1])) : "")
            } : []
        return SignableRequest(
            method: method, path: String(parts[0]), query: query, headers: headers,
            body: Data(body.utf8))
    }
}
