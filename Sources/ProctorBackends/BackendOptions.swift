import LocalVision
import ProctorCore
import ProctorEngine
import Rekognition

// The one place a configuration becomes backend options, for `analyze`, batch, `serve` and `eval` alike. Backends
// know nothing of the rules; these factories translate the rules' thresholds into what each backend must report.

extension LocalAnalysisOptions {
    /// Local options for `config`: the detectors report down to the lowest confidence any of the configuration's
    /// thresholds could accept (objects: every suspicious-object threshold and the person threshold; text: the text
    /// threshold), so a lowered threshold in `--config` is honoured everywhere, never cut off by a detector floor.
    public init(config: ProctorConfig, schedule: DetectorSchedule = DetectorSchedule()) {
        self.init()
        objectMinScore = Float(
            (Array(config.suspiciousObject.localLabels.values) + [config.multiplePeople.personMinConfidence]).min()!)
        textMinScore = Float(config.textDetected.minConfidence)
        expressions = config.session.expressions
        self.schedule = schedule
    }
}

extension RekognitionOptions {
    /// Rekognition options for `config`: the engine's face checks pick the identity reference, and DetectLabels'
    /// floor sits at or below every label threshold (suspicious labels and people) so none is cut off.
    public init(config: ProctorConfig, schedule: DetectorSchedule = DetectorSchedule()) {
        self.init(faceSelection: config.faceSelection)
        let labelThresholds =
            Array(config.suspiciousObject.rekognitionLabels.values) + [config.multiplePeople.personMinConfidence]
        labelMinConfidence = min(labelMinConfidence, labelThresholds.min()! * 100)
        self.schedule = schedule
    }
}
