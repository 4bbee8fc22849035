import Foundation
import ProctorCore
import ProctorMedia

/// The Rekognition backend. Per sampled frame: the frame's brightness and sharpness are measured from its pixels
/// (as with the local backend), the frame goes up once as a JPEG under 5 MB, DetectFaces (`Attributes: ["ALL"]`)
/// runs with DetectLabels and DetectText in parallel when their schedule says so, then CompareFaces against the
/// reference face when the identity schedule says so. A frame whose DetectFaces still fails after retries comes back
/// unanalysed; a failed DetectLabels, DetectText or CompareFaces only leaves that part unmeasured on the frame.
/// Not thread-safe. Beyond the schedule (the caller's), one stream's state stays here: the identity reference
/// cropped from its first confident single face, so one instance serves one recording or session.
public final class RekognitionAnalyzer: FrameAnalyzer {
    public let backendName = "rekognition"
    /// Rekognition's models are the service's own: no file, no checksum.
    public let models: [ModelInfo] = []
    public let client: RekognitionClient
    private var options: RekognitionOptions
    /// JPEG of the reference face: given (`--reference-face`), or cropped from the first confident single face.
    private var referenceImage: InlineImage?
    private let referenceGiven: Bool
    /// The first `maxRecordedFailures` failed calls, one line each (the counts are in `usage.failedCalls`).
    private var failures: [String] = []
    static let maxRecordedFailures = 50

    public init(client: RekognitionClient, options: RekognitionOptions, referenceImage: Data? = nil) throws {
        guard options.operations.contains(.detectFaces) else { throw RekognitionSetupError.detectFacesRequired }
        self.client = client
        self.options = options
        self.referenceImage = referenceImage.map(InlineImage.init)
        referenceGiven = referenceImage != nil
    }

    public var usage: BackendUsage? {
        let statistics = client.statistics
        func named(_ counts: [RekognitionOperation: Int]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
        }
        var usage = BackendUsage(
            calls: named(statistics.calls), failedCalls: named(statistics.failedCalls), retries: statistics.retries,
            pricePerCallUsd: Dictionary(
                uniqueKeysWithValues: RekognitionPricing.pricePerCallUsd.map {
                    ($0.key.rawValue, $0.value)
                }),
            priceSource: RekognitionPricing.source)
        usage.failures = failures
        return usage
    }

    /// The configured call intervals, where each stream's schedule starts.
    public var schedule: DetectorSchedule { options.schedule }

    public func analyze(_ frame: Frame, schedule: inout DetectorSchedule) throws -> FrameObservation {
        let (quality, thumbnail) = try ImageMeasurement.measure(frame)
        let sceneChange = schedule.isSceneChange(thumbnail: thumbnail)
        let jpeg: InlineImage
        do { jpeg = InlineImage(try JPEGEncoder.encode(frame, maxBytes: options.maxImageBytes)) } catch {
            return .unanalysed(index: frame.index, timestamp: frame.timestamp, reason: "\(error)")
        }
        let wantLabels =
            options.operations.contains(.detectLabels)
            && schedule.shouldDetectObjects(at: frame.timestamp, sceneChange: sceneChange)
        let wantText =
            options.operations.contains(.detectText)
            && schedule.shouldDetectText(at: frame.timestamp, sceneChange: sceneChange)

        let results = ParallelCalls()
        let jobs = calls(on: jpeg, labels: wantLabels, text: wantText, into: results)
        try results.run(jobs)
        for failure in results.failures.sorted(by: { $0.key < $1.key }) {
            record("frame \(frame.index): \(failure.value)")
        }

        guard let faces = results.faces else {
            return .unanalysed(
                index: frame.index, timestamp: frame.timestamp,
                reason: results.failures[0] ?? "DetectFaces gave no answer")
        }
        var observation = FrameObservation(
            index: frame.index, timestamp: frame.timestamp, faces: faces,
            quality: quality, objects: results.objects, text: results.text)
        if options.operations.contains(.compareFaces) {
            try compare(&observation, frame: frame, target: jpeg, sceneChange: sceneChange, schedule: &schedule)
        } else {
            _ = largestUsableFace(in: observation, frame: frame, schedule: &schedule)
        }
        return observation
    }

    /// The frame's calls, to run side by side: DetectFaces always, DetectLabels and DetectText when due.
    private func calls(on jpeg: InlineImage, labels: Bool, text: Bool, into results: ParallelCalls)
        -> [@Sendable () throws -> Void]
    {
        let client = self.client
        let labelMinConfidence = options.labelMinConfidence
        var jobs: [@Sendable () throws -> Void] = [
            {
                let response = try client.call(
                    .detectFaces, body: RekognitionRequests.detectFaces(jpeg),
                    as: RekognitionShapes.DetectFacesResponse.self)
                results.faces = (response.faceDetails ?? []).compactMap(RekognitionMapping.face)
            }
        ]
        if labels {
            jobs.append {
                let response = try client.call(
                    .detectLabels, body: RekognitionRequests.detectLabels(jpeg, minConfidence: labelMinConfidence),
                    as: RekognitionShapes.DetectLabelsResponse.self)
                results.objects = RekognitionMapping.objects(response.labels ?? [])
            }
        }
        if text {
            jobs.append {
                let response = try client.call(
                    .detectText, body: RekognitionRequests.detectText(jpeg),
                    as: RekognitionShapes.DetectTextResponse.self)
                results.text = RekognitionMapping.text(response.textDetections ?? [])
            }
        }
        return jobs
    }

    /// Sets each face's distance to the reference (1 - similarity / 100) when the identity schedule says so. Without a
    /// given reference, the first confident single face becomes it (cropped with a margin) and is compared at once.
    private func compare(
        _ observation: inout FrameObservation, frame: Frame, target: InlineImage,
        sceneChange: Bool, schedule: inout DetectorSchedule
    ) throws {
        let (largest, newTrack) = largestUsableFace(in: observation, frame: frame, schedule: &schedule)
        var forced = false
        if referenceImage == nil, let face = options.faceSelection.confidentSingleFace(observation) {
            referenceImage =
                (try? JPEGEncoder.encode(
                    frame.cropped(to: face.box, margin: 0.3),
                    maxBytes: options.maxImageBytes)).map(InlineImage.init)
            forced = referenceImage != nil
        }
        guard let reference = referenceImage, largest != nil else { return }
        guard
            schedule.shouldDescribeIdentity(
                at: frame.timestamp, newTrack: newTrack || forced,
                sceneChange: sceneChange)
        else { return }
        let response: RekognitionShapes.CompareFacesResponse
        do {
            response = try client.call(
                .compareFaces,
                body: RekognitionRequests.compareFaces(source: reference, target: target),
                as: RekognitionShapes.CompareFacesResponse.self)
        } catch let error as RekognitionError {
            record("frame \(frame.index): \(error)")
            // A reference cropped from the recording that Rekognition finds no face in is dropped for the next one.
            if forced && !referenceGiven { referenceImage = nil }
            return
        }
        let similarities = RekognitionMapping.similarities(for: observation.faces, in: response)
        for (position, similarity) in similarities.enumerated() {
            guard let similarity else { continue }
            observation.faces[position].identity = IdentityDescriptor(
                distanceToReference: (100 - similarity) / 100, sameThreshold: options.sameThreshold)
        }
    }

    private func record(_ failure: String) {
        if failures.count < Self.maxRecordedFailures { failures.append(failure) }
    }

    /// The largest usable face and whether it starts a new face track (remembered for the next frame).
    private func largestUsableFace(in observation: FrameObservation, frame: Frame, schedule: inout DetectorSchedule)
        -> (face: FaceObservation?, newTrack: Bool)
    {
        let largest = observation.faces.filter(options.faceSelection.isUsable).largest()
        let newTrack = schedule.isNewFaceTrack(largest?.box, frameWidth: frame.width, frameHeight: frame.height)
        return (largest, newTrack)
    }
}

/// The answers of one frame's calls made side by side, and the failures among them by job position (0 = the first
/// job). An authorization error from any call is rethrown after all have finished.
private final class ParallelCalls: @unchecked Sendable {
    private let lock = NSLock()
    private var storedFaces: [FaceObservation]?
    private var storedObjects: [ObjectObservation]?
    private var storedText: [TextObservation]?
    private(set) var failures: [Int: String] = [:]
    private var stop: Error?

    var faces: [FaceObservation]? {
        get { locked { storedFaces } }
        set { locked { storedFaces = newValue } }
    }
    var objects: [ObjectObservation]? {
        get { locked { storedObjects } }
        set { locked { storedObjects = newValue } }
    }
    var text: [TextObservation]? {
        get { locked { storedText } }
        set { locked { storedText = newValue } }
    }

    func run(_ jobs: [@Sendable () throws -> Void]) throws {
        DispatchQueue.concurrentPerform(iterations: jobs.count) { position in
            do { try jobs[position]() } catch let error as RekognitionAuthorizationError {
                locked { stop = error }
            } catch {
                locked { failures[position] = "\(error)" }
            }
        }
        if let stop { throw stop }
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// A backend configuration that cannot work.
public enum RekognitionSetupError: Error, CustomStringConvertible {
    case detectFacesRequired

    public var description: String {
        switch self {
        case .detectFacesRequired:
            return "--rekognition-ops must include 'faces': no rule can judge a frame without DetectFaces"
        }
    }
}
