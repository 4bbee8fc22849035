import CVision
import Foundation
import ProctorCore
import ProctorMedia

/// The embedded backend, all on the CPU through OpenCV and dlib: YuNet faces with landmark head pose and iris-based
/// eye direction, image quality, and, as `LocalAnalysisOptions` says, apparent expression per face, identity
/// descriptors, objects and text on a schedule. Not thread-safe: use one instance per thread.
public final class LocalAnalyzer: FrameAnalyzer {
    public let backendName = "local"
    public let models: [ModelInfo]

    private let faceDetector: FaceDetector
    private let eyeLandmarker: EyeLandmarker
    private let blendshapes: FaceBlendshapes?
    private let objects: ObjectDetector?
    private let text: TextDetector?
    private let reader: TextReader?
    let identity: FaceEmbedder?
    private let options: LocalAnalysisOptions
    /// Time spent per stage so far.
    public private(set) var timings = StageTimings()

    /// Loads the enabled models from `directory`, each checked against the manifest's sha256.
    public init(modelDirectory directory: URL, options: LocalAnalysisOptions = LocalAnalysisOptions()) throws {
        self.options = options
        faceDetector = try FaceDetector(modelDirectory: directory)
        eyeLandmarker = try EyeLandmarker(modelDirectory: directory)
        blendshapes = options.expressions ? try FaceBlendshapes(modelDirectory: directory) : nil
        objects = options.objects ? try ObjectDetector(modelDirectory: directory) : nil
        text = options.text ? try TextDetector(modelDirectory: directory) : nil
        reader = options.text && options.readText ? try TextReader() : nil
        identity = options.identity ? try FaceEmbedder(modelDirectory: directory) : nil
        models =
            [faceDetector.model] + eyeLandmarker.models + (blendshapes.map { [$0.model] } ?? [])
            + (objects?.models ?? [])
            + (text.map { [$0.model] } ?? []) + (identity?.models ?? [])
    }

    /// The configured detector intervals, where each stream's schedule starts.
    public var schedule: DetectorSchedule { options.schedule }

    /// Analyses a frame on its stream's schedule: one analyzer serves any number of streams in turn (a batch's
    /// recordings, the live sessions of a worker), each with its own schedule.
    public func analyze(_ frame: Frame, schedule: inout DetectorSchedule) throws -> FrameObservation {
        try frame.withCImage { image in
            let size = (width: Double(frame.width), height: Double(frame.height))
            let (quality, thumbnail) = try timings.measure("quality") { try ImageMeasurement.measure(frame) }
            let sceneChange = schedule.isSceneChange(thumbnail: thumbnail)
            let detections = try timings.measure("faces") { try faceDetector.detect(image: image) }
            var faces = detections.map { describe($0, image: image, size: size) }
            try describeFaces(
                &faces, image: image, size: size, time: frame.timestamp, sceneChange: sceneChange,
                schedule: &schedule)
            var observation = FrameObservation(
                index: frame.index, timestamp: frame.timestamp, faces: faces,
                quality: quality)
            if let objects, schedule.shouldDetectObjects(at: frame.timestamp, sceneChange: sceneChange) {
                observation.objects = try timings.measure("objects") {
                    try objects.detect(image: image, minScore: options.objectMinScore)
                }.map {
                    ObjectObservation(label: $0.label, confidence: $0.confidence, box: $0.box.relative(to: size))
                }
            }
            if let text, schedule.shouldDetectText(at: frame.timestamp, sceneChange: sceneChange) {
                let regions = try timings.measure("text") {
                    try text.detect(image: image, minScore: options.textMinScore)
                }
                observation.text = try regions.map {
                    TextObservation(
                        box: $0.box.relative(to: size), confidence: $0.confidence,
                        text: try read($0, in: image, among: regions))
                }
            }
            return observation
        }
    }

    /// An identity descriptor for the largest face that may be usable, when scheduled.
    private func describeFaces(
        _ faces: inout [FaceObservation], image: cvn_image,
        size: (width: Double, height: Double), time: Double, sceneChange: Bool,
        schedule: inout DetectorSchedule
    ) throws {
        let candidates = faces.indices.filter { faces[$0].confidence >= Double(options.minFaceScore) }
        func pixelBox(_ face: FaceObservation) -> PixelBox {
            PixelBox(face.box, width: Int(size.width), height: Int(size.height))
        }
        let largest = candidates.max { faces[$0].box.area < faces[$1].box.area }
        let newTrack = schedule.isNewFaceTrack(
            largest.map { faces[$0].box }, frameWidth: Int(size.width),
            frameHeight: Int(size.height))
        // A face too small or too turned gets no descriptor: no identity verdict rather than a weak one.
        guard let identity, let largest,
            FaceEmbedder.canDescribe(width: faces[largest].box.width * size.width, pose: faces[largest].pose)
        else { return }
        let box = pixelBox(faces[largest])
        guard schedule.shouldDescribeIdentity(at: time, newTrack: newTrack, sceneChange: sceneChange) else {
            return
        }
        let vector = try timings.measure("identity") { try identity.descriptor(image: image, box: box) }
        faces[largest].identity = IdentityDescriptor(vector: vector, sameThreshold: FaceEmbedder.samePersonThreshold)
    }

    /// A face YuNet found, with head pose from its landmarks, and eye direction and apparent expression from the
    /// face mesh.
    private func describe(_ face: FaceDetector.Detection, image: cvn_image, size: (width: Double, height: Double))
        -> FaceObservation
    {
        let kinds: [Landmark.Kind] = [.rightEye, .leftEye, .nose, .mouthRight, .mouthLeft]
        let pixel = face.landmarks
        let landmarks = zip(kinds, pixel).map { Landmark(type: $0, x: $1.x / size.width, y: $1.y / size.height) }
        let pose = HeadPoseEstimator.estimate(
            leftEye: pixel[0], rightEye: pixel[1], nose: pixel[2],
            mouthLeft: pixel[3], mouthRight: pixel[4])
        var observation = FaceObservation(
            box: face.box.relative(to: size), confidence: face.score, landmarks: landmarks, pose: pose)
        guard let pose, let mesh = meshReading(image: image, face: face, pose: pose) else { return observation }
        observation.eyeDirection = EyeDirectionEstimator.estimate(eyes: mesh.eyes, faceScore: mesh.faceScore)
        if let blendshapes, let points = mesh.landmarks {
            observation.expressions = timings.measure("expressions") {
                (try? blendshapes.scores(landmarks: points)).map(BlendshapeExpressions.expressions)
            }
        }
        return observation
    }

    /// The face mesh of a detected face, when the face may be usable (`minFaceScore`) and is large and frontal
    /// enough for its eyes to be read: the mesh and iris models (about 8 ms a face) never run on faces the engine
    /// will not use, so such faces have neither eye direction nor expression. A model failure (a face cut by the
    /// frame's edge) leaves the face without them rather than failing the frame.
    private func meshReading(image: cvn_image, face: FaceDetector.Detection, pose: HeadPose)
        -> (eyes: [EyeLandmarker.Eye], faceScore: Double, landmarks: [Float]?)?
    {
        let (left, right) = (face.landmarks[0], face.landmarks[1])
        guard face.score >= Double(options.minFaceScore),
            EyeDirectionEstimator.canMeasure(eyeDistance: hypot(right.x - left.x, right.y - left.y), pose: pose)
        else { return nil }
        return try? timings.measure("eyes") {
            try eyeLandmarker.locate(
                image: image, box: face.box, leftEye: left, rightEye: right, withLandmarks: blendshapes != nil)
        }
    }

    /// The text of one region when reading is on and the region is among the largest `TextReader.maxRegionsPerFrame`.
    private func read(_ region: TextRegion, in image: cvn_image, among regions: [TextRegion]) throws -> String? {
        guard let reader else { return nil }
        let largest = regions.map { $0.box.width * $0.box.height }.sorted(by: >)
        let cutoff = largest[min(largest.count, TextReader.maxRegionsPerFrame) - 1]
        guard region.box.width * region.box.height >= cutoff else { return nil }
        return try timings.measure("text reading") { try reader.read(image: image, box: region.box).text }
    }
}
