import Testing

@testable import ProctorEvaluation

/// Per-label counting over stills.
struct StillScoringTests {
    let labelled: [String: Set<String>] = [
        "a.jpg": ["no_face"], "b.jpg": ["one_face", "emotion=happy"], "c.jpg": ["multiple_faces", "text"],
        "d.jpg": ["one_face", "phone"],
    ]

    @Test func countsPerLabelAndNamesTheFiles() throws {
        let predicted: [String: Set<String>] = [
            "a.jpg": ["no_face", "text"], "b.jpg": ["one_face"], "c.jpg": ["one_face"], "d.jpg": ["one_face", "phone"],
        ]
        let results = StillScoring.score(
            labels: ["one_face", "text", "phone"], predicted: predicted,
            labelled: labelled)
        let oneFace = try #require(results.first { $0.label == "one_face" })
        #expect(oneFace.score == Score(truePositives: 2, falsePositives: 1, falseNegatives: 0))
        #expect(oneFace.falsePositiveFiles == ["c.jpg"])
        #expect(oneFace.scoredFiles == 4)
        let text = try #require(results.first { $0.label == "text" })
        #expect(text.score == Score(truePositives: 0, falsePositives: 1, falseNegatives: 1))
        #expect(text.falsePositiveFiles == ["a.jpg"] && text.falseNegativeFiles == ["c.jpg"])
        let phone = try #require(results.first { $0.label == "phone" })
        #expect(phone.score == Score(truePositives: 1, falsePositives: 0, falseNegatives: 0))
    }

    @Test func stillsNotAnalysedAreNotScored() {
        let results = StillScoring.score(labels: ["phone"], predicted: ["a.jpg": []], labelled: labelled)
        #expect(results[0].scoredFiles == 1)
        #expect(results[0].score == Score())
    }

    @Test func scopeLimitsALabelToSomeFiles() {
        let predicted: [String: Set<String>] = [
            "a.jpg": [], "b.jpg": ["emotion=neutral"], "c.jpg": ["emotion=neutral"], "d.jpg": [],
        ]
        let scope = StillScoring.files(carryingLabelWithPrefix: "emotion=", in: labelled)
        #expect(scope == ["b.jpg"])
        let results = StillScoring.score(
            labels: ["emotion=neutral", "emotion=happy"], predicted: predicted,
            labelled: labelled,
            scope: ["emotion=neutral": scope, "emotion=happy": scope])
        #expect(results[0].scoredFiles == 1)
        #expect(results[0].score == Score(truePositives: 0, falsePositives: 1, falseNegatives: 0))
        #expect(results[1].score == Score(truePositives: 0, falsePositives: 0, falseNegatives: 1))
    }
}
