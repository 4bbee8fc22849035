import ProctorCore
import ProctorMedia

/// The two faces of a KYC selfie holding an ID card, each with its identity descriptor.
public struct SelfieWithCard: Sendable {
    public var live: FaceObservation
    public var liveDescriptor: IdentityDescriptor
    public var card: FaceObservation
    public var cardDescriptor: IdentityDescriptor
    /// Usable faces beside those two (people in the background).
    public var otherFaces: Int
}

extension LocalAnalyzer {
    /// The face of a still image (`SingleFace.pick`: the only one, or one that clearly dominates) and its identity
    /// descriptor; `role` names the image in errors. Runs on a schedule of its own (every detector due), so it never
    /// disturbs a recording's or session's schedule.
    public func singleFace(in image: Frame, role: String, selection: FaceSelection) throws
        -> (face: FaceObservation, descriptor: IdentityDescriptor, otherFaces: Int)
    {
        var schedule = DetectorSchedule.everyFrame
        let choice = try SingleFace.pick(
            from: try analyze(image, schedule: &schedule).faces, role: role, selection: selection)
        guard let descriptor = choice.face.identity else { throw SingleFaceError.notDescribable(role) }
        return (choice.face, descriptor, choice.otherFaces)
    }

    /// The live face and the ID card's face of a KYC selfie (`SingleFace.pickSelfieWithCard`), each with its
    /// identity descriptor; either face too small or too turned to describe is an error that says which.
    public func selfieWithCard(in image: Frame, role: String, selection: FaceSelection) throws -> SelfieWithCard {
        var schedule = DetectorSchedule.everyFrame
        let pair = try SingleFace.pickSelfieWithCard(
            from: try analyze(image, schedule: &schedule).faces, role: role, selection: selection)
        guard let live = try pair.live.identity ?? descriptor(of: pair.live, in: image) else {
            throw SingleFaceError.notDescribable("\(role) (the live face)")
        }
        guard let card = try descriptor(of: pair.card, in: image) else {
            throw SingleFaceError.notDescribable(
                "\(role) (the ID card's face, \(Int(pair.card.box.width * Double(image.width))) px wide; at least "
                    + "\(Int(FaceEmbedder.minFaceWidth)) px are needed: hold the card closer)")
        }
        return SelfieWithCard(
            live: pair.live, liveDescriptor: live, card: pair.card, cardDescriptor: card, otherFaces: pair.otherFaces)
    }

    /// The identity descriptor of one face of `image`; nil when identity is off or the face is too small or too
    /// turned to describe (`FaceEmbedder.canDescribe`).
    func descriptor(of face: FaceObservation, in image: Frame) throws -> IdentityDescriptor? {
        guard let identity, FaceEmbedder.canDescribe(width: face.box.width * Double(image.width), pose: face.pose)
        else { return nil }
        let box = PixelBox(face.box, width: image.width, height: image.height)
        let vector = try image.withCImage { try identity.descriptor(image: $0, box: box) }
        return IdentityDescriptor(vector: vector, sameThreshold: FaceEmbedder.samePersonThreshold)
    }
}
