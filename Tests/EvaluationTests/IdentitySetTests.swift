import Testing

@testable import ProctorEvaluation

/// The identity set's scoring on made-up distances: halves by photo number, refusals as errors.
struct IdentitySetTests {
    static func pair(_ a: String, _ b: String, same: Bool, _ distance: Double?) -> IdentityPhotoPair {
        IdentityPhotoPair(first: a, second: b, samePerson: same, distance: distance)
    }

    @Test func halvesRefusalsAndTheSuggestedThreshold() {
        let pairs = [
            Self.pair("ann_01.jpg", "ann_03.jpg", same: true, 0.40),  // calibration
            Self.pair("ann_01.jpg", "bob_01.jpg", same: false, 0.70),  // calibration
            Self.pair("ann_02.jpg", "ann_04.jpg", same: true, 0.58),  // held out: just beyond 0.57
            Self.pair("ann_02.jpg", "bob_02.jpg", same: false, nil),  // held out: a refused photo
            Self.pair("ann_01.jpg", "ann_02.jpg", same: true, 0.30),  // crosses the halves: only in "all"
        ]
        let results = IdentitySetResults(threshold: 0.57, photos: [], pairs: pairs)
        #expect(results.calibration.pairs == 2 && results.heldOut.pairs == 2 && results.all.pairs == 5)
        #expect(results.calibration.suggestedThreshold == 0.55)
        #expect(results.calibration.sameAccepted == Proportion(1, of: 1))
        #expect(results.heldOut.sameAccepted == Proportion(0, of: 1))
        #expect(results.heldOut.differentAccepted == Proportion(0, of: 1), "a refusal never accepts")
        #expect(results.heldOut.refusedPairs == 1 && results.all.sameAccepted == Proportion(2, of: 3))
    }
}
