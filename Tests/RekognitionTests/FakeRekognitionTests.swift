import Foundation
import ProctorEngine
import Testing

@testable import Rekognition

/// Records the backoff sleeps instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [TimeInterval] = []
    var delays: [TimeInterval] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }
    func sleep(_ seconds: TimeInterval) {
        lock.lock()
        recorded.append(seconds)
        lock.unlock()
    }
}

func makeClient(
    _ peer: LocalEndpoint, credentials: AWSCredentials = TestSupport.fakeCredentials,
    region: String = "us-east-1", timeout: TimeInterval = 2, sleeps: SleepRecorder = SleepRecorder()
)
    -> RekognitionClient
{
    RekognitionClient(
        settings: AWSSettings(credentials: credentials, region: region), endpoint: peer.endpoint,
        retryPolicy: RetryPolicy(random: { 0.5 }), timeout: timeout,
        sleep: { sleeps.sleep($0) })
}

/// The client against the fake Rekognition endpoint, which checks every request's signature with botocore and its
/// body against the service model, and answers in the documented shapes (or with the faults a test queues).
@Suite(.serialized) struct FakeRekognitionTests {
    @Test func everyOperationIsAcceptedAndMapped() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        let client = makeClient(peer)
        let image = try TestSupport.sampleImage()
        let faces = try client.call(
            .detectFaces, body: RekognitionRequests.detectFaces(image),
            as: RekognitionShapes.DetectFacesResponse.self)
        let face = try #require(faces.faceDetails?.first.flatMap(RekognitionMapping.face))
        #expect(abs(face.confidence - 0.999) < 1e-9)
        #expect(
            abs(face.box.left - 0.35) + abs(face.box.top - 0.2) + abs(face.box.width - 0.3)
                + abs(face.box.height - 0.45) < 1e-9)
        #expect(face.pose == HeadPose(yaw: -4, pitch: 3, roll: 1.5))
        #expect(face.eyeDirection == EyeDirection(yaw: 2, pitch: -1.5, confidence: 0.96))
        #expect(face.eyesOpen == FaceAttribute(value: true, confidence: 0.975))
        #expect(face.mouthOpen == FaceAttribute(value: false, confidence: 0.912))
        #expect(face.quality == FaceQuality(brightness: 72, sharpness: 86))
        let expressions = try #require(face.expressions)
        #expect(Set(expressions.keys) == RekognitionMapping.expressionNames)
        #expect(abs(expressions.values.reduce(0, +) - 1) < 1e-9)
        #expect(expressions.max { $0.value < $1.value }?.key == "CALM")
        #expect(face.landmarks.map(\.type) == [.rightEye, .leftEye, .nose, .mouthRight, .mouthLeft])

        let labels = try client.call(
            .detectLabels, body: RekognitionRequests.detectLabels(image, minConfidence: 50),
            as: RekognitionShapes.DetectLabelsResponse.self)
        #expect(RekognitionMapping.objects(labels.labels ?? []).map(\.label) == ["Person"])
        let text = try client.call(
            .detectText, body: RekognitionRequests.detectText(image),
            as: RekognitionShapes.DetectTextResponse.self)
        #expect(text.textDetections?.isEmpty == true)
        let compared = try client.call(
            .compareFaces, body: RekognitionRequests.compareFaces(source: image, target: image),
            as: RekognitionShapes.CompareFacesResponse.self)
        #expect(RekognitionMapping.similarities(for: [face], in: compared) == [98.7])
        #expect(try peer.calls().allSatisfy { $0["signature_valid"] as? Bool == true && $0["status"] as? Int == 200 })
        let statistics = client.statistics
        #expect(statistics.calls == [.detectFaces: 1, .detectLabels: 1, .detectText: 1, .compareFaces: 1])
        #expect(statistics.retries == 0)
    }

    @Test func temporaryCredentialsSendTheirToken() throws {
        let peer = try LocalEndpoint.fakeRekognition(credentials: ["ASIATEMPORARY:temp/secret:the+session/token="])
        let credentials = AWSCredentials(
            accessKeyID: "ASIATEMPORARY", secretAccessKey: "temp/secret",
            sessionToken: "the+session/token=", source: "test")
        _ = try makeClient(peer, credentials: credentials).call(
            .detectText, body: RekognitionRequests.detectText(try TestSupport.sampleImage()),
            as: RekognitionShapes.DetectTextResponse.self)
    }

    @Test func wrongSecretStopsAtOnceWithoutLeakingSecrets() throws {
        let peer = try LocalEndpoint.fakeRekognition(credentials: ["ASIATEMPORARY:right/secret:the+session/token="])
        let credentials = AWSCredentials(
            accessKeyID: "ASIATEMPORARY", secretAccessKey: "wrong/secret",
            sessionToken: "the+session/token=", source: "test")
        let client = makeClient(peer, credentials: credentials)
        do {
            _ = try client.call(
                .detectFaces, body: RekognitionRequests.detectFaces(try TestSupport.sampleImage()),
                as: RekognitionShapes.DetectFacesResponse.self)
            Issue.record("a wrong secret was accepted")
        } catch let error as RekognitionAuthorizationError {
            #expect(error.code == "InvalidSignatureException")
            #expect(error.description.contains("AWS_SECRET_ACCESS_KEY"))
            #expect(!error.description.contains("the+session/token=") && !error.description.contains("wrong/secret"))
        }
        #expect(try peer.callCount("DetectFaces") == 1, "an authorization error must not be retried")
    }

    @Test(arguments: [
        ("AKIDUNKNOWN", "UnrecognizedClientException"), ("access_denied", "AccessDeniedException"),
        ("expired_token", "ExpiredTokenException"),
    ])
    func authorizationErrorsStopTheRun(_ trigger: String, _ code: String) throws {
        let peer = try LocalEndpoint.fakeRekognition()
        var credentials = TestSupport.fakeCredentials
        if trigger.hasPrefix("AKID") { credentials.accessKeyID = trigger } else { try peer.inject(["*": [trigger]]) }
        let analyzer = try RekognitionAnalyzer(
            client: makeClient(peer, credentials: credentials),
            options: RekognitionOptions(faceSelection: ProctorConfig().faceSelection))
        #expect(throws: RekognitionAuthorizationError.self) {
            try FrameStream(analyzer).analyze(try TestSupport.faceFrame())
        }
        #expect(try peer.calls().filter { $0["error_code"] as? String == code }.count >= 1)
    }

    @Test func throttlingIsRetriedWithJitteredBackoff() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        try peer.inject(["DetectFaces": ["throttle", "provisioned"]])
        let sleeps = SleepRecorder()
        let client = makeClient(peer, sleeps: sleeps)
        _ = try client.call(
            .detectFaces, body: RekognitionRequests.detectFaces(try TestSupport.sampleImage()),
            as: RekognitionShapes.DetectFacesResponse.self)
        #expect(try peer.callCount("DetectFaces") == 3)
        #expect(client.statistics.retries == 2)
        #expect(client.statistics.calls[.detectFaces] == 1)
        // random() = 0.5: half of base x 2^(n-1) with base 1 s.
        #expect(sleeps.delays == [0.5, 1.0])
    }

    @Test(arguments: ["500", "503", "reset", "timeout"])
    func serverAndConnectionFailuresAreRetried(_ fault: String) throws {
        let peer = try LocalEndpoint.fakeRekognition(timeoutFaultSeconds: 3)
        try peer.inject(["DetectText": [fault]])
        let client = makeClient(peer, timeout: 1)
        _ = try client.call(
            .detectText, body: RekognitionRequests.detectText(try TestSupport.sampleImage()),
            as: RekognitionShapes.DetectTextResponse.self)
        #expect(client.statistics.retries == 1)
        #expect(client.statistics.calls[.detectText] == 1)
    }

    @Test func persistentFailureGivesUpAfterThreeAttempts() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        try peer.inject(["DetectLabels": ["500", "500", "500", "500"]])
        let client = makeClient(peer)
        #expect(throws: RekognitionError.self) {
            try client.call(
                .detectLabels, body: RekognitionRequests.detectLabels(try TestSupport.sampleImage(), minConfidence: 50),
                as: RekognitionShapes.DetectLabelsResponse.self)
        }
        #expect(try peer.callCount("DetectLabels") == 3)
        #expect(client.statistics.failedCalls[.detectLabels] == 1)
        #expect(client.statistics.calls[.detectLabels] == nil)
    }

    @Test(arguments: [("invalid_image", "InvalidImageFormatException"), ("malformed", "malformed")])
    func clientErrorsAndMalformedAnswersAreNotRetried(_ fault: String, _ expected: String) throws {
        let peer = try LocalEndpoint.fakeRekognition()
        try peer.inject(["DetectFaces": [fault]])
        let client = makeClient(peer)
        do {
            _ = try client.call(
                .detectFaces, body: RekognitionRequests.detectFaces(try TestSupport.sampleImage()),
                as: RekognitionShapes.DetectFacesResponse.self)
            Issue.record("\(fault) was accepted")
        } catch let error as RekognitionError {
            #expect(error.description.contains(expected))
        }
        #expect(try peer.callCount("DetectFaces") == 1)
        #expect(client.statistics.retries == 0)
    }

    @Test func theFakeRejectsWhatRekognitionRejects() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        let client = makeClient(peer)
        #expect(throws: RekognitionError.self) {  // not an image
            try client.call(
                .detectText, body: RekognitionRequests.detectText(InlineImage(Data("not an image".utf8))),
                as: RekognitionShapes.DetectTextResponse.self)
        }
        #expect(throws: RekognitionError.self) {  // a member the operation does not have
            try client.call(
                .detectText,
                body: .object([
                    ("Image", try TestSupport.sampleImage().json),
                    ("Attributes", .array([.string("ALL")])),
                ]),
                as: RekognitionShapes.DetectTextResponse.self)
        }
        let codes = try peer.calls().compactMap { $0["error_code"] as? String }
        #expect(codes == ["InvalidImageFormatException", "InvalidParameterException"])
    }
}
