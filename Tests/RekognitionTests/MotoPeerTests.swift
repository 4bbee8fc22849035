import Foundation
import ProctorEngine
import Testing

@testable import Rekognition

/// moto_server (PyPI moto[server]) as a second, independent Rekognition peer: it parses the requests with its own
/// implementation of the protocol and answers the operations it implements (CompareFaces, DetectLabels,
/// DetectText; not DetectFaces) with its canned responses, which the client must decode and map.
@Suite(.serialized) struct MotoPeerTests {
    @Test func implementedOperationsRoundTrip() throws {
        let peer = try LocalEndpoint.moto()
        let client = makeClient(
            peer,
            credentials: AWSCredentials(
                accessKeyID: "AKIAMOTOEXAMPLE",
                secretAccessKey: "moto/secret", source: "test"))
        let image = try TestSupport.sampleImage()

        let labels = try client.call(
            .detectLabels, body: RekognitionRequests.detectLabels(image, minConfidence: 50),
            as: RekognitionShapes.DetectLabelsResponse.self)
        let objects = RekognitionMapping.objects(try #require(labels.labels))
        #expect(!objects.isEmpty)
        #expect(objects.allSatisfy { !$0.label.isEmpty && (0...1).contains($0.confidence) })

        let text = try client.call(
            .detectText, body: RekognitionRequests.detectText(image),
            as: RekognitionShapes.DetectTextResponse.self)
        let lines = RekognitionMapping.text(try #require(text.textDetections))
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.text?.isEmpty == false && (0...1).contains($0.confidence) })

        let compared = try client.call(
            .compareFaces, body: RekognitionRequests.compareFaces(source: image, target: image),
            as: RekognitionShapes.CompareFacesResponse.self)
        let match = try #require(compared.faceMatches?.first)
        let box = try #require(RekognitionMapping.box(match.face?.boundingBox))
        let face = FaceObservation(box: box, confidence: 1)
        let similarity = try #require(RekognitionMapping.similarities(for: [face], in: compared).first ?? nil)
        #expect((0...100).contains(similarity))
        #expect(client.statistics.calls == [.detectLabels: 1, .detectText: 1, .compareFaces: 1])
    }
}
