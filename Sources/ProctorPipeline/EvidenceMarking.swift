import ProctorEngine
import ProctorMedia

extension EvidenceImageWriter {
    /// This writer as the engine's evidence callback: the usable faces boxed (the candidate's green, any other red),
    /// the detected objects and text regions yellow.
    public var evidenceWriter: EvidenceWriter {
        { name, frame, assessment in try write(name: name, frame: frame, marks: Self.marks(for: assessment)) }
    }

    /// What an evidence frame shows of an assessment.
    static func marks(for assessment: FrameAssessment) -> [EvidenceMark] {
        let faces = assessment.usableFaces.enumerated().map { position, face in
            EvidenceMark(box: face.box, kind: position == 0 ? .candidateFace : .otherFace)
        }
        let observation = assessment.observation
        let detections = (observation.objects ?? []).compactMap(\.box) + (observation.text ?? []).map(\.box)
        return faces + detections.map { EvidenceMark(box: $0, kind: .detection) }
    }
}
