import Foundation
import Testing

@testable import ProctorEvaluation

/// The precision/recall counter.
struct ScoreTests {
    @Test func countsEachOutcome() {
        var score = Score()
        for (predicted, labelled) in [(true, true), (true, true), (true, false), (false, true), (false, false)] {
            score.count(predicted: predicted, labelled: labelled)
        }
        #expect(score == Score(truePositives: 2, falsePositives: 1, falseNegatives: 1))
        #expect(score.precision == 2.0 / 3.0)
        #expect(score.recall == 2.0 / 3.0)
        #expect(score.labelledPositives == 3)
        #expect(score.predictedPositives == 3)
    }

    @Test func undefinedRatiosAreAbsentNotInvented() throws {
        let nothingPredicted = Score(truePositives: 0, falsePositives: 0, falseNegatives: 4)
        #expect(nothingPredicted.precision == nil)
        #expect(nothingPredicted.recall == 0)
        let nothingLabelled = Score(truePositives: 0, falsePositives: 2, falseNegatives: 0)
        #expect(nothingLabelled.recall == nil)
        #expect(nothingLabelled.precision == 0)
        let json = String(decoding: try JSONEncoder().encode(Score()), as: UTF8.self)
        #expect(!json.contains("precision") && !json.contains("recall"))
    }

    @Test func sumsAddCounts() {
        let total = Score.sum([
            Score(truePositives: 1, falsePositives: 2, falseNegatives: 3),
            Score(truePositives: 10, falsePositives: 20, falseNegatives: 30),
        ])
        #expect(total == Score(truePositives: 11, falsePositives: 22, falseNegatives: 33))
    }

    @Test func encodesAndDecodesCounts() throws {
        let score = Score(truePositives: 3, falsePositives: 1, falseNegatives: 0)
        let data = try JSONEncoder().encode(score)
        #expect(try JSONDecoder().decode(Score.self, from: data) == score)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["precision"] as? Double == 0.75)
        #expect(object?["recall"] as? Double == 1)
    }
}

/// Wilson intervals against values computed by hand from the formula (and published tables).
struct ProportionTests {
    @Test func wilsonIntervalMatchesTheFormula() throws {
        // 0 of 12: upper bound z^2 / (n + z^2) = 3.8416 / 15.8416.
        let none = try #require(Proportion(0, of: 12).wilson95)
        #expect(none.low == 0 && abs(none.high - 3.8416 / 15.8416) < 1e-9)
        // 45 of 50 (0.9): 0.7864-0.9565 (rounded).
        let most = try #require(Proportion(45, of: 50).wilson95)
        #expect(abs(most.low - 0.7864) < 5e-4 && abs(most.high - 0.9565) < 5e-4)
        #expect(Proportion(0, of: 0).wilson95 == nil && Proportion(0, of: 0).text == "0/0")
        #expect(Proportion(45, of: 50).text == "45/50 = 0.90 (95% CI 0.79-0.96)")
    }
}
