import Testing

@testable import ProctorEngine

/// The face a reference still or a KYC selfie yields: the dominant face, or the live face and the card's face.
struct SingleFaceTests {
    let selection = ProctorConfig().faceSelection

    @Test func theLargestFaceIsTakenWhenItClearlyDominates() throws {
        let faces = [Fixtures.face(left: 0.1, width: 0.1), Fixtures.face(left: 0.4, width: 0.3)]
        let choice = try SingleFace.pick(from: faces, role: "face", selection: selection)
        #expect(choice.face.box.width == 0.3 && choice.otherFaces == 1)
        let similar = [Fixtures.face(left: 0.1, width: 0.25), Fixtures.face(left: 0.5, width: 0.28)]
        #expect(throws: SingleFaceError.severalFaces("face", 2)) {
            try SingleFace.pick(from: similar, role: "face", selection: selection)
        }
    }

    @Test func aSelfieWithACardGivesTheLiveFaceAndTheCardFace() throws {
        let live = Fixtures.face(left: 0.3, width: 0.35)
        let card = Fixtures.face(left: 0.7, width: 0.12)
        let pair = try SingleFace.pickSelfieWithCard(from: [card, live], role: "selfie", selection: selection)
        #expect(pair.live.box.width == 0.35 && pair.card.box.width == 0.12 && pair.otherFaces == 0)
        // A small face far behind does not make it ambiguous; one about as large as the card's does.
        let behind = Fixtures.face(left: 0.05, width: 0.05)
        #expect(
            try SingleFace.pickSelfieWithCard(from: [live, card, behind], role: "selfie", selection: selection)
                .otherFaces == 1)
        let rival = Fixtures.face(left: 0.05, width: 0.11)
        #expect(throws: SingleFaceError.ambiguousCardFace("selfie", 3)) {
            try SingleFace.pickSelfieWithCard(from: [live, card, rival], role: "selfie", selection: selection)
        }
        #expect(throws: SingleFaceError.noCardFace("selfie")) {
            try SingleFace.pickSelfieWithCard(from: [live], role: "selfie", selection: selection)
        }
        #expect(throws: SingleFaceError.noFace("selfie")) {
            try SingleFace.pickSelfieWithCard(from: [], role: "selfie", selection: selection)
        }
    }
}
