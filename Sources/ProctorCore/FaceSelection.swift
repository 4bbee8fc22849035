/// What a backend may know of the engine's judgement when it picks faces itself (an identity reference, the face
/// whose track it follows): which faces are usable and which frame's face is confident enough to stand for the
/// candidate. The engine builds it from its configuration (`ProctorConfig.faceSelection`); backends never see the
/// rules.
public struct FaceSelection: Sendable {
    /// Whether a face is usable at all (confident and large enough).
    public var isUsable: @Sendable (FaceObservation) -> Bool
    /// The frame's only usable face when the picture and the face are good enough to take as the candidate's
    /// reference; nil otherwise.
    public var confidentSingleFace: @Sendable (FrameObservation) -> FaceObservation?

    public init(
        isUsable: @escaping @Sendable (FaceObservation) -> Bool,
        confidentSingleFace: @escaping @Sendable (FrameObservation) -> FaceObservation?
    ) {
        self.isUsable = isUsable
        self.confidentSingleFace = confidentSingleFace
    }
}
