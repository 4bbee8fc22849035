import Foundation
import Testing

@testable import Rekognition

/// Each request proctor sends, signed by proctor, compared byte for byte with the same call made by botocore (the AWS
/// SDK for Python, pip) with the same credentials, parameters and clock: body, X-Amz-Target, Content-Type,
/// X-Amz-Date, X-Amz-Security-Token, Authorization, and botocore's canonical request and string to sign.
@Suite struct BotocoreReferenceTests {
    struct Reference: Decodable {
        var headers: [[String]]
        var body: String
        var authorization: String
        var canonicalRequest: String
        var stringToSign: String

        func header(_ name: String) -> String? {
            headers.first { $0.first?.lowercased() == name.lowercased() }?.last
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var operation: RekognitionOperation
        var token: String?
        var endpoint: String
        var testDescription: String { "\(operation.rawValue) \(token == nil ? "" : "+token ")\(endpoint)" }
    }

    static let cases: [Case] = RekognitionOperation.allCases.flatMap { operation in
        [
            Case(operation: operation, token: nil, endpoint: "https://rekognition.eu-west-1.amazonaws.com"),
            Case(
                operation: operation, token: "IQoJb3JpZ2luX2VjEXAMPLE//token+with/slashes=",
                endpoint: "http://127.0.0.1:8123"),
        ]
    }

    static func body(_ operation: RekognitionOperation, image: InlineImage) -> WireJSON {
        switch operation {
        case .detectFaces: return RekognitionRequests.detectFaces(image)
        case .detectLabels: return RekognitionRequests.detectLabels(image, minConfidence: 5.6)
        case .detectText: return RekognitionRequests.detectText(image)
        case .compareFaces: return RekognitionRequests.compareFaces(source: image, target: image)
        }
    }

    @Test(arguments: cases)
    func signedRequestEqualsBotocore(_ testCase: Case) throws {
        let image = try TestSupport.sampleImage()
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: testCase.token, source: "test")
        let client = RekognitionClient(
            settings: AWSSettings(credentials: credentials, region: "eu-west-1"),
            endpoint: URL(string: testCase.endpoint)!)
        let date = Date(timeIntervalSince1970: 1_796_040_062)  // 2026-11-29T12:01:02Z
        let body = Self.body(testCase.operation, image: image)
        let ours = client.signedRequest(testCase.operation, body: body, at: date)

        var input: [String: String] = [
            "operation": testCase.operation.rawValue, "params_json": body.text, "region": "eu-west-1",
            "endpoint_url": testCase.endpoint, "access_key": credentials.accessKeyID,
            "secret_key": credentials.secretAccessKey, "timestamp": SigV4Signer.amzDate(date),
        ]
        input["session_token"] = testCase.token
        let output = try TestSupport.run(
            ["python3", TestSupport.fixtures.appendingPathComponent("botocore_reference.py").path],
            input: try JSONSerialization.data(withJSONObject: input))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let reference = try decoder.decode(Reference.self, from: output)

        #expect(ours.body == Data(reference.body.utf8), "body bytes differ")
        for name in ["X-Amz-Target", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token", "Authorization"] {
            #expect(ours.header(name) == reference.header(name), "\(name)")
        }
        var unsigned = ours
        unsigned.headers.removeAll { $0.name == "Authorization" }
        let canonical = client.signer.canonicalRequest(unsigned)
        #expect(canonical == reference.canonicalRequest)
        #expect(
            client.signer.stringToSign(canonicalRequest: canonical, timestamp: SigV4Signer.amzDate(date))
                == reference.stringToSign)
    }
}
