/// Rules on what the scheduled detectors saw: objects, people, text and identity. Each is `.notJudged` on frames
/// where its detector did not run, and on frames too dark, bright or blurred to trust a detector (poor video is
/// insufficient evidence, not evidence).

extension FrameAssessment {
    /// Whether the picture is good enough to trust what a detector reports on it.
    var detectorsTrusted: Bool { quality == .ok || quality == .unknown }

    /// Whether a text region is centred on a usable face (the text detector fires on faces).
    public func isOnUsableFace(_ region: TextObservation) -> Bool {
        usableFaces.contains { $0.box.contains(x: region.box.centerX, y: region.box.centerY) }
    }
}

/// An object of a suspicious class at or above that class's confidence threshold.
/// Confidence = the best such object's detection confidence.
public struct SuspiciousObjectRule: AlertRule {
    public let type = AlertType.suspiciousObject
    public let severity = Severity.warning
    public let minFrames: Int
    /// Holds the label -> minimum confidence map (`suspicious_objects`).
    public let config: ProctorConfig

    func bestObject(in frame: FrameAssessment) -> ObjectObservation? {
        frame.observation.objects?.filter(config.isSuspicious).max { $0.confidence < $1.confidence }
    }

    public func verdict(for frame: FrameAssessment) -> RuleVerdict {
        guard frame.observation.objects != nil, frame.detectorsTrusted else { return .notJudged }
        return bestObject(in: frame).map { .holds($0.confidence) } ?? .clear
    }

    public func details(for frame: FrameAssessment) -> EventDetails? {
        bestObject(in: frame).map { EventDetails(objectLabel: $0.label, objectBox: $0.box) }
    }
}

/// Two or more people detected while fewer than two usable faces are seen: someone whose face is turned away or
/// hidden is still a second person. (Two or more faces raise `multiple_faces_detected` instead.)
/// Confidence = the second most confident person detection.
public struct MultiplePeopleRule: AlertRule {
    public let type = AlertType.multiplePeopleDetected
    public let severity = Severity.warning
    public let minFrames: Int
    public let personMinConfidence: Double

    func people(in frame: FrameAssessment) -> [Double]? {
        frame.observation.objects.map { objects in
            objects.filter { ProctorConfig.personLabels.contains($0.label) && $0.confidence >= personMinConfidence }.map(\.confidence)
                .sorted(by: >)
        }
    }

    public func verdict(for frame: FrameAssessment) -> RuleVerdict {
        guard let people = people(in: frame), frame.detectorsTrusted else { return .notJudged }
        guard people.count >= 2, frame.usableFaces.count < 2 else { return .clear }
        return .holds(people[1])
    }

    public func details(for frame: FrameAssessment) -> EventDetails? {
        EventDetails(faceCount: frame.usableFaces.count, personCount: people(in: frame)?.count)
    }
}

/// Visible text regions at or above the confidence and area thresholds, not centred on a usable face (the text
/// detector fires on faces as confidently as on text: eyes, a grimace). Confidence = the best region's.
public struct TextDetectedRule: AlertRule {
    public let type = AlertType.textDetected
    public let severity = Severity.info
    public let minFrames: Int
    /// Holds `text_min_confidence` and `text_min_area`.
    public let config: ProctorConfig

    func regions(in frame: FrameAssessment) -> [TextObservation]? {
        frame.observation.text?.filter { region in
            config.isSizableText(region) && !frame.isOnUsableFace(region)
        }
    }

    public func verdict(for frame: FrameAssessment) -> RuleVerdict {
        guard let regions = regions(in: frame), frame.detectorsTrusted else { return .notJudged }
        return regions.map(\.confidence).max().map { .holds($0) } ?? .clear
    }

    public func details(for frame: FrameAssessment) -> EventDetails? {
        guard let regions = regions(in: frame) else { return nil }
        let read = regions.compactMap(\.text).filter { !$0.isEmpty }
        return EventDetails(textRegions: regions.count, text: read.isEmpty ? nil : read)
    }
}

/// The single face in frame is not the reference person: descriptor distance above the threshold.
/// With d the distance and t the threshold, confidence = clamp(d / (2t)) (0.5 at the threshold, 1 at twice it).
public struct FaceMismatchRule: AlertRule {
    public let type = AlertType.faceMismatch
    public let severity = Severity.critical
    public let minFrames: Int

    public func verdict(for frame: FrameAssessment) -> RuleVerdict {
        guard let check = frame.identity, frame.detectorsTrusted else { return .notJudged }
        guard check.distance > check.threshold else { return .clear }
        return .holds(unitClamp(check.distance / (2 * check.threshold)))
    }

    public func details(for frame: FrameAssessment) -> EventDetails? {
        frame.identity.map {
            EventDetails(identityDistance: $0.distance, identityThreshold: $0.threshold,
                         referenceFrameIndex: $0.referenceFrameIndex)
        }
    }
}
