import Foundation
import ProctorEngine
import ProctorMedia
import Testing

@testable import Rekognition

/// The Rekognition backend frame by frame against the fake endpoint: which calls it makes, what a failure does to
/// the frame, and how the identity reference is chosen.
@Suite(.serialized) struct RekognitionAnalyzerTests {
    func analyzer(_ peer: LocalEndpoint, _ configure: (inout RekognitionOptions) -> Void = { _ in }) throws
        -> RekognitionAnalyzer
    {
        var options = RekognitionOptions(faceSelection: ProctorConfig().faceSelection)
        configure(&options)
        return try RekognitionAnalyzer(client: makeClient(peer), options: options)
    }

    /// The README's cost per minute: one minute at 1 fps of a steady picture (no scene change, one face track).
    @Test func defaultScheduleBillsAHundredAndFortyThreeCallsAMinute() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        let backend = FrameStream(try analyzer(peer))
        let picture = try TestSupport.faceFrame()
        for second in 0..<60 {
            let frame = Frame(
                index: second, timestamp: Double(second), width: picture.width, height: picture.height,
                pixels: picture.pixels)
            let observation = try backend.analyze(frame)
            #expect(observation.unanalysedReason == nil && observation.faces.count == 1)
            #expect((observation.objects != nil) == (second % 3 == 0), "labels every 3 s")
            #expect((observation.text != nil) == (second % 20 == 0), "text every 20 s")
            #expect(observation.faces[0].identity != nil, "identity every second")
        }
        let usage = try #require(backend.usage)
        #expect(usage.calls == ["DetectFaces": 60, "DetectLabels": 20, "DetectText": 3, "CompareFaces": 60])
        #expect(abs(usage.estimatedCostUsd - 0.143) < 1e-9)
        #expect(try peer.calls().count == 143)
    }

    @Test func operationsOptionLimitsTheCalls() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        let backend = FrameStream(try analyzer(peer) { $0.operations = [.detectFaces] })
        let observation = try backend.analyze(try TestSupport.faceFrame())
        #expect(observation.objects == nil && observation.text == nil && observation.faces[0].identity == nil)
        #expect(try peer.calls().map { $0["operation"] as? String } == ["DetectFaces"])
        #expect(throws: RekognitionSetupError.self) { try analyzer(peer) { $0.operations = [.detectLabels] } }
    }

    @Test func firstConfidentFaceBecomesTheReferenceAndIsComparedOnSchedule() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        let backend = FrameStream(try analyzer(peer) { $0.schedule = DetectorSchedule(identityInterval: 30) })
        let first = try backend.analyze(try TestSupport.faceFrame(index: 0, timestamp: 0))
        let identity = try #require(first.faces[0].identity)
        #expect(abs(identity.distanceToReference! - 0.013) < 1e-9)  // similarity 98.7
        #expect(abs(identity.sameThreshold - 0.2) < 1e-12)
        let soon = try backend.analyze(try TestSupport.faceFrame(index: 1, timestamp: 1))
        #expect(soon.faces[0].identity == nil, "next check only after 30 s on the same track")
        let later = try backend.analyze(try TestSupport.faceFrame(index: 2, timestamp: 31))
        #expect(later.faces[0].identity != nil)
        #expect(try peer.callCount("CompareFaces") == 2)
    }

    @Test func aFrameWhoseDetectFacesFailsIsUnanalysed() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        try peer.inject(["DetectFaces": ["500", "500", "500"]])
        let backend = FrameStream(try analyzer(peer))
        let observation = try backend.analyze(try TestSupport.faceFrame())
        let reason = try #require(observation.unanalysedReason)
        #expect(reason.contains("DetectFaces") && reason.contains("InternalServerError"))
        #expect(observation.faces.isEmpty)
        #expect(backend.usage?.failedCalls == ["DetectFaces": 1])
        let next = try backend.analyze(try TestSupport.faceFrame(index: 1, timestamp: 1))
        #expect(next.unanalysedReason == nil && next.faces.count == 1, "the run goes on")
    }

    @Test func aFailedLabelsCallLeavesOnlyObjectsUnmeasured() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        try peer.inject(["DetectLabels": ["invalid_image"]])
        let backend = FrameStream(try analyzer(peer))
        let observation = try backend.analyze(try TestSupport.faceFrame())
        #expect(observation.unanalysedReason == nil)
        #expect(observation.faces.count == 1 && observation.text != nil)
        #expect(observation.objects == nil)
        #expect(backend.usage?.failures.count == 1)
    }

    @Test func labelsAndTextAreMappedForTheRules() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        try peer.respond([
            "DetectLabels": [
                "Labels": [
                    [
                        "Name": "Mobile Phone", "Confidence": 91.5,
                        "Instances": [
                            [
                                "BoundingBox": ["Width": 0.1, "Height": 0.2, "Left": 0.8, "Top": 0.1],
                                "Confidence": 91.5,
                            ]
                        ],
                    ],
                    ["Name": "Paper", "Confidence": 77.0, "Instances": []],
                ]
            ],
            "DetectText": [
                "TextDetections": [
                    [
                        "DetectedText": "ANSWER KEY", "Type": "LINE", "Id": 0, "Confidence": 99.0,
                        "Geometry": ["BoundingBox": ["Width": 0.3, "Height": 0.05, "Left": 0.05, "Top": 0.8]],
                    ],
                    [
                        "DetectedText": "ANSWER", "Type": "WORD", "Id": 1, "ParentId": 0, "Confidence": 99.0,
                        "Geometry": ["BoundingBox": ["Width": 0.15, "Height": 0.05, "Left": 0.05, "Top": 0.8]],
                    ],
                ]
            ],
        ])
        let observation = try FrameStream(try analyzer(peer)).analyze(try TestSupport.faceFrame())
        let config = ProctorConfig()
        let objects = try #require(observation.objects)
        #expect(objects.map(\.label) == ["Mobile Phone", "Paper"])
        #expect(objects[1].box == nil, "a label without instances is not located")
        #expect(objects.allSatisfy(config.suspiciousObject.isSuspicious))
        let text = try #require(observation.text)
        #expect(text.map(\.text) == ["ANSWER KEY"])
        #expect(text.allSatisfy(config.textDetected.isSizable))
    }

    @Test func aReferenceImageMustShowExactlyOneFace() throws {
        let peer = try LocalEndpoint.fakeRekognition()
        let client = makeClient(peer)
        let image = try TestSupport.faceFrame()
        #expect(
            try RekognitionReference.prepare(
                image, role: "reference", client: client,
                options: RekognitionOptions(faceSelection: ProctorConfig().faceSelection)
            )
            .count > 0)
        let face: [String: Any] = [
            "BoundingBox": ["Width": 0.2, "Height": 0.3, "Left": 0.1, "Top": 0.1], "Confidence": 99.0,
        ]
        var second = face
        second["BoundingBox"] = ["Width": 0.2, "Height": 0.3, "Left": 0.6, "Top": 0.1]
        for faces in [[], [face, second]] {
            try peer.respond(["DetectFaces": ["FaceDetails": faces]])
            #expect(throws: (any Error).self) {
                try RekognitionReference.prepare(
                    image, role: "reference", client: client,
                    options: RekognitionOptions(faceSelection: ProctorConfig().faceSelection))
            }
        }
    }
}
