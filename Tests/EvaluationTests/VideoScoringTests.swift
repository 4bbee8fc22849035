import ProctorEngine
import Testing

@testable import ProctorEvaluation

/// Frame-level boundary exclusion and interval overlap on hand-made timelines.
struct VideoScoringTests {
    private func span(_ start: Double, _ end: Double) -> TimeSpan { TimeSpan(start: start, end: end) }

    @Test func framesNearABoundaryAreNotScored() {
        let labelled = [span(5.0, 10.3)]
        #expect(VideoScoring.truth(at: 4.5, labelled: labelled, duration: 15) == .negative)
        #expect(VideoScoring.truth(at: 4.85, labelled: labelled, duration: 15) == .excluded)
        #expect(VideoScoring.truth(at: 5.0, labelled: labelled, duration: 15) == .excluded)
        #expect(VideoScoring.truth(at: 5.25, labelled: labelled, duration: 15) == .positive)
        #expect(VideoScoring.truth(at: 10.5, labelled: labelled, duration: 15) == .excluded)
        #expect(VideoScoring.truth(at: 10.55, labelled: labelled, duration: 15) == .negative)
    }

    @Test func theVideosStartAndEndAreNotBoundaries() {
        let labelled = [span(0, 4.60)]
        #expect(VideoScoring.truth(at: 0, labelled: labelled, duration: 4.6) == .positive)
        #expect(VideoScoring.truth(at: 4.5, labelled: labelled, duration: 4.6) == .positive)
        #expect(VideoScoring.truth(at: 4.5, labelled: labelled, duration: nil) == .excluded)
        // A label ending a little after the declared duration (9.18 vs 9.176) still ends with the video.
        #expect(VideoScoring.boundaries(of: [span(7.04, 9.18)], duration: 9.176) == [7.04])
    }

    @Test func touchingAndNestedRowsFormOneSpan() {
        #expect(VideoScoring.union([span(0.67, 1.5), span(0, 0.67), span(3, 4)]) == [span(0, 1.5), span(3, 4)])
        #expect(VideoScoring.union([span(0, 79.5), span(50, 60)]) == [span(0, 79.5)])
        // No boundary at 0.67 where two one_face rows meet: the label does not switch there.
        #expect(VideoScoring.truth(at: 0.7, labelled: [span(0, 0.67), span(0.67, 1.5)], duration: 9) == .positive)
    }

    @Test func frameScoresCountAndSkip() {
        let frames = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0].map { FrameSample(time: $0, predicted: $0 >= 1.5) }
        let result = VideoScoring.scoreFrames(
            label: "phone", frames: frames, labelled: [span(1.0, 3.0)],
            duration: 3.2)
        // 0.0 / 0.5 negatives, 1.0 and 3.0 excluded (boundaries), 1.5 2.0 2.5 true positives.
        #expect(result.excludedFrames == 2)
        #expect(result.scoredFrames == 5)
        #expect(result.score == Score(truePositives: 3, falsePositives: 0, falseNegatives: 0))
        let late = VideoScoring.scoreFrames(
            label: "phone", frames: frames.map { FrameSample(time: $0.time, predicted: $0.time == 0) },
            labelled: [span(1.0, 3.0)], duration: 3.2)
        #expect(late.score == Score(truePositives: 0, falsePositives: 1, falseNegatives: 3))
        #expect(late.falsePositiveTimes == [0.0] && late.falseNegativeTimes == [1.5, 2.0, 2.5])
    }

    @Test func scopeLeavesUnlabelledTimeOutAndItsEdgesAreBoundaries() {
        let scope = [span(0.4, 1.2), span(5.0, 10.0)]
        let happy = [span(0.4, 1.2)]
        #expect(VideoScoring.truth(at: 3.0, labelled: happy, scope: scope, duration: 15) == .outOfScope)
        #expect(VideoScoring.truth(at: 7.0, labelled: happy, scope: scope, duration: 15) == .negative)
        #expect(VideoScoring.truth(at: 9.9, labelled: happy, scope: scope, duration: 15) == .excluded)
        #expect(VideoScoring.truth(at: 0.8, labelled: happy, scope: scope, duration: 15) == .positive)
    }

    @Test func intervalsOverlapWithinSamplingAndLabelTolerance() {
        // Intersecting.
        #expect(VideoScoring.overlaps(predicted: span(6, 10), labelled: span(5, 10.3), samplePeriod: 0.5))
        // A cut at 2.74 seen first by the sample at 3.0 (2 fps): gap 0.26 < 0.5 + 0.2.
        #expect(VideoScoring.overlaps(predicted: span(3.0, 4.0), labelled: span(2.74, 2.74), samplePeriod: 0.5))
        // Too far apart: gap 1.0.
        #expect(!VideoScoring.overlaps(predicted: span(8.0, 9.0), labelled: span(6.0, 7.0), samplePeriod: 0.5))
        // Exactly one period + tolerance apart does not count.
        #expect(!VideoScoring.overlaps(predicted: span(7.7, 8.0), labelled: span(6.0, 7.0), samplePeriod: 0.5))
    }

    @Test func intervalRecallAndPrecisionHaveTheirOwnDenominators() {
        let result = VideoScoring.scoreIntervals(
            label: "looking_away", predicted: [span(6, 10), span(12, 13), span(14, 14.5)],
            labelled: [span(5, 10.3), span(20, 22), span(21, 23)], samplePeriod: 0.5)
        #expect(result.labelledIntervals == 2)  // 20-22 and 21-23 merge
        #expect(result.labelledFound == 1)
        #expect(result.predictedIntervals == 3)
        #expect(result.predictedMatching == 1)
        #expect(result.recall == 0.5)
        #expect(result.precision == 1.0 / 3.0)
        #expect(result.missed == [span(20, 23)])
        #expect(result.unmatched == [span(12, 13), span(14, 14.5)])
        let empty = VideoScoring.scoreIntervals(label: "phone", predicted: [], labelled: [], samplePeriod: 0.5)
        #expect(empty.recall == nil && empty.precision == nil)
    }
}
