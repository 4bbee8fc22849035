import Foundation
import ProctorEngine
import Testing

@testable import ProctorEvaluation

/// What the evaluation predicts from an analysis, checked without models: the label vocabulary the scores are
/// counted in, and the command line recorded in the accuracy report's header.
struct PredictedLabelsTests {
    @Test func faceCountsAndExpressionsMapToTheLabelVocabulary() {
        #expect(
            [0, 1, 2, 5].map(PredictedLabels.faceCount) == ["no_face", "one_face", "multiple_faces", "multiple_faces"])
        #expect(PredictedLabels.emotion("CALM") == "emotion=neutral")
        #expect(PredictedLabels.emotion("FEAR") == "emotion=fearful")
        #expect(PredictedLabels.emotion("CONFUSED") == nil, "a name outside the mapping predicts no emotion")
        #expect(PredictedLabels.emotion(nil) == nil)
        #expect(
            Set(PredictedLabels.emotionNames.values.map { "emotion=\($0)" }).isSubset(of: PredictedLabels.emotionLabels)
        )
    }

    @Test func aStillsHeadIsTurnedBeyondTheLookingAwayAngles() {
        let config = ProctorConfig()
        let yaw = config.lookingAway.yawDegrees
        let pitch = config.lookingAway.pitchDegrees
        #expect(!PredictedLabels.headTurned(nil, config: config))
        #expect(!PredictedLabels.headTurned(HeadPose(yaw: yaw, pitch: 0, roll: 0), config: config))
        #expect(PredictedLabels.headTurned(HeadPose(yaw: -(yaw + 1), pitch: 0, roll: 0), config: config))
        #expect(PredictedLabels.headTurned(HeadPose(yaw: 0, pitch: pitch + 1, roll: 0), config: config))
    }

    @Test func recordedCommandLinesQuoteWhatTheShellWouldSplit() {
        #expect(AccuracyEvaluation.shellQuoted("--media") == "--media")
        #expect(AccuracyEvaluation.shellQuoted("../shared/media") == "../shared/media")
        #expect(AccuracyEvaluation.shellQuoted("my media") == "'my media'")
        #expect(AccuracyEvaluation.shellQuoted("it's") == #"'it'\''s'"#)
        #expect(AccuracyEvaluation.shellQuoted("") == "''")
    }
}
