import LocalVision
import ProctorEngine

/// What the accuracy report lists under each missed target: the stills, frames and intervals that missed, with the
/// evidence to look at.
extension Targets {
    /// Every error behind a target, met or not (a met target can still have errors), then the other labels.
    var misses: [MissGroup] {
        let results = checks
        var groups: [MissGroup] = []
        func add(_ target: String, _ group: MissGroup) {
            guard !group.items.isEmpty else { return }
            let met = results.first { $0.name == target }?.met ?? false
            groups.append(
                MissGroup(
                    title: "\(group.title) (target \"\(target)\": \(met ? "met" : "NOT met"))",
                    items: group.items))
        }
        add("Face count on stills", stillFaceCountMisses)
        for group in frameFaceCountMisses { add("Face count on video frames", group) }
        if !phoneMisses.items.isEmpty { groups.append(phoneMisses) }
        add(
            "No suspicious object on object-free media",
            MissGroup(
                title: "Suspicious objects on object-free media",
                items: objectSamples.filter { $0.isObjectFree && $0.alerted }.map { sample in
                    ObjectThresholdRule.place(sample) + ": "
                        + sample.scores.sorted { $0.key < $1.key }.filter { label, score in
                            score >= (config.suspiciousObject.localLabels[label] ?? 1)
                        }.map { "\($0.key) \(Format.score($0.value))" }.joined(separator: ", ")
                }))
        add(
            "Text on the text stills",
            MissGroup(
                title: "Text stills without text_detected",
                items: textStills.filter { !$0.predicted.contains("text") }.map(textExplanation)))
        add(
            "No text on most face-only stills",
            MissGroup(
                title: "text_detected on face-only stills not labelled text",
                items: faceOnlyStills.filter { !$0.labels.contains("text") && $0.predicted.contains("text") }
                    .map(textExplanation)))
        var identityItems = identity.pairs.filter { !$0.correct }.map { pair in
            "\(Format.name(pair.first)) / \(Format.name(pair.second)) (\(pair.firstIdentity) / "
                + "\(pair.secondIdentity)): distance \(Format.score(pair.distance)), threshold "
                + "\(identity.threshold), should be \(pair.shouldMatch ? "same" : "different")"
        }
        identityItems += identity.withoutDescriptor.map { "\(Format.name($0)): no descriptor (no single usable face)" }
        add("Identity pairs", MissGroup(title: "Identity pairs wrong", items: identityItems))
        groups.append(contentsOf: otherMisses)
        return groups
    }

    private func faceList(_ faces: [FaceSummary]) -> String {
        guard !faces.isEmpty else { return "no detection at all" }
        let sorted = faces.sorted { $0.confidence > $1.confidence }
        let shown = sorted.prefix(4).map { face -> String in
            var why: [String] = []
            if face.confidence < config.faces.minConfidence { why.append("confidence < \(config.faces.minConfidence)") }
            if face.width < config.faces.minWidth { why.append("width < \(Format.percent(config.faces.minWidth))") }
            return "\(Format.score(face.confidence)) wide \(Format.percent(face.width))"
                + (why.isEmpty ? " usable" : " not usable: " + why.joined(separator: ", "))
        }
        return "detections " + shown.joined(separator: "; ") + (sorted.count > 4 ? "; \(sorted.count - 4) more" : "")
    }

    private var stillFaceCountMisses: MissGroup {
        let items = stills.compactMap { still -> String? in
            let labelled = still.labels.filter { PredictedLabels.faceCountLabels.contains($0) }
            let predicted = PredictedLabels.faceCount(still.usableFaces)
            guard labelled != [predicted] else { return nil }
            let truth =
                labelled.isEmpty
                ? "no face-count label (\(still.labels.joined(separator: ", ")))"
                : "labelled \(labelled.joined(separator: ", "))"
            return "\(Format.name(still.file)): \(truth), counted \(still.usableFaces) usable face(s); "
                + faceList(still.faces)
        }
        return MissGroup(title: "Face count wrong on stills", items: items)
    }

    private var frameFaceCountMisses: [MissGroup] {
        videos.compactMap { video in
            var items: [String] = []
            let frames = Dictionary(video.frames.map { ($0.time, $0) }, uniquingKeysWith: { first, _ in first })
            var explained = Set<Double>()
            for result in video.frameScores where PredictedLabels.faceCountLabels.contains(result.label) {
                guard !result.falseNegativeTimes.isEmpty else { continue }
                explained.formUnion(result.falseNegativeTimes)
                let counted = Dictionary(grouping: result.falseNegativeTimes) { frames[$0]?.faceCount ?? -1 }
                for (count, times) in counted.sorted(by: { $0.key < $1.key }) {
                    let example = times.compactMap { frames[$0] }.first
                    items.append(
                        "labelled \(result.label), counted \(count) usable face(s) on \(times.count) "
                            + "frame(s) at \(Format.times(times))"
                            + (example.map { "; e.g. at \(Format.seconds($0.time)) s: " + faceList($0.faces) } ?? ""))
                }
            }
            for result in video.frameScores where PredictedLabels.faceCountLabels.contains(result.label) {
                let times = result.falsePositiveTimes.filter { !explained.contains($0) }
                guard !times.isEmpty else { continue }
                items.append(
                    "\(result.label) counted where another face-count label was excluded or none applies, "
                        + "at \(Format.times(times))")
            }
            guard !items.isEmpty else { return nil }
            return MissGroup(title: "Face count wrong on \(Format.name(video.file)) frames", items: items)
        }
    }

    /// Phones the detector missed (no target: in-hand phones are beyond the detectors obtainable here).
    private var phoneMisses: MissGroup {
        let threshold = config.suspiciousObject.localLabels[PredictedLabels.phoneObject] ?? 1
        var items = stills.filter { $0.labels.contains("phone") && !$0.predicted.contains("phone") }.map { still in
            let events = still.suspiciousObjectEvents.map { "\($0.label) \(Format.score($0.confidence))" }
            let best =
                still.bestPhoneScore.map { "best cell phone score \(Format.score($0))" }
                ?? "no cell phone reported at all (the detector reports from \(Format.score(stillObjectFloor)))"
            return "\(Format.name(still.file)): \(best), threshold \(threshold)"
                + (events.isEmpty
                    ? ""
                    : "; the suspicious_object event names \(events.joined(separator: ", ")) "
                        + "(an event names only its best object)")
        }
        for video in phoneVideos {
            guard let result = video.frameScores.first(where: { $0.label == "phone" }) else { continue }
            let examined = video.frames.filter(\.objectsExamined)
            let missed = result.falseNegativeTimes.map { time in
                "\(Format.seconds(time)) s (\(Format.score(video.frames.first { $0.time == time }?.bestPhoneScore)))"
            }
            let examinedTimes = Set(examined.map(\.time))
            let diagnostic = video.phoneEveryFrame.flatMap { everyFrame -> String? in
                guard !everyFrame.falseNegativeTimes.isEmpty else { return nil }
                let skipped = everyFrame.falseNegativeTimes.filter { !examinedTimes.contains($0) }
                return "; with the detector on every frame the phone is missed at "
                    + "\(Format.times(everyFrame.falseNegativeTimes)) (\(skipped.count) of them not examined by the default "
                    + "schedule), best cell phone scores there below \(threshold)"
            }
            guard !missed.isEmpty || diagnostic != nil else { continue }
            let interval = Format.seconds(DetectorSchedule().objectInterval)
            let examinedText =
                "\(Format.name(video.file)): objects examined on \(examined.count) of "
                + "\(video.frames.count) sampled frames (default schedule: every \(interval) s and on scene changes)"
            let foundText = "; phone found on \(result.score.truePositives) of \(result.score.labelledPositives) scored"
            let missedText =
                missed.isEmpty
                ? "" : "; missed at \(Format.list(missed)) (best cell phone score, threshold \(threshold))"
            items.append(examinedText + foundText + missedText + (diagnostic ?? ""))
        }
        return MissGroup(title: "Phones missed (no target: see Suspicious objects)", items: items)
    }

    private func textExplanation(_ still: StillOutcome) -> String {
        "\(Format.name(still.file)): \(still.textRegionsReported) region(s) reported (best \(Format.score(still.bestTextScore))), "
            + "\(still.textRegionsCounted) counted by the text rule, \(still.textRegionsOnFaces) at or above "
            + "confidence \(config.textDetected.minConfidence) and area \(Format.percent(config.textDetected.minArea)) but centred on a usable face"
    }

    /// Labels that are not targets: files (stills) and intervals (videos) the tool got wrong, with what it measured.
    private var otherMisses: [MissGroup] {
        var items: [String] = []
        let targetLabels = Set(PredictedLabels.faceCountLabels + ["phone", "text"])
        let byFile = Dictionary(stills.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        for result in stillScores where !targetLabels.contains(result.label) {
            guard !result.falseNegativeFiles.isEmpty || !result.falsePositiveFiles.isEmpty else { continue }
            func described(_ files: [String]) -> String {
                Format.list(
                    files.map { file in
                        let why = byFile[file].map { stillEvidence($0, label: result.label) } ?? ""
                        return Format.name(file) + (why.isEmpty ? "" : " (\(why))")
                    }, limit: 6)
            }
            var parts: [String] = []
            if !result.falseNegativeFiles.isEmpty { parts.append("missed on " + described(result.falseNegativeFiles)) }
            if !result.falsePositiveFiles.isEmpty {
                parts.append("predicted without the label on " + described(result.falsePositiveFiles))
            }
            items.append("stills, \(result.label): " + parts.joined(separator: "; "))
        }
        for still in stills {
            for label in ["text", "phone", "book"]
            where still.predicted.contains(label) && !still.labels.contains(label) {
                if still.notes.contains(where: { $0.lowercased().contains(label) }) {
                    items.append(
                        "\(Format.name(still.file)): \(label) predicted and not labelled, but the label notes "
                            + "mention \"\(label)\": the label may be missing")
                }
            }
        }
        for summary in intervals where !summary.missedIn.isEmpty || !summary.unmatchedIn.isEmpty {
            var parts: [String] = []
            let missed = summary.videosScored.flatMap { file -> [String] in
                guard let video = videos.first(where: { $0.file == file }),
                    let result = video.intervalScores.first(where: { $0.label == summary.label })
                else { return [] }
                return result.missed.map { span in
                    "\(Format.name(file)) \(Format.span(span)) (\(intervalEvidence(video, label: summary.label, span: span)))"
                }
            }
            if !missed.isEmpty { parts.append("labelled interval not found: " + missed.joined(separator: "; ")) }
            if !summary.unmatchedIn.isEmpty {
                parts.append("\(summary.eventType) event matching no label: \(Format.list(summary.unmatchedIn))")
            }
            items.append("video intervals, \(summary.label): " + parts.joined(separator: "; "))
        }
        return items.isEmpty ? [] : [MissGroup(title: "Other labels (not targets)", items: items)]
    }

    /// What the tool measured on a still that bears on a label.
    private func stillEvidence(_ still: StillOutcome, label: String) -> String {
        switch label {
        case "book":
            let events = still.suspiciousObjectEvents.map { "\($0.label) \(Format.score($0.confidence))" }
            return (still.bestBookScore.map { "best book score \(Format.score($0))" } ?? "no book reported at all")
                + ", threshold "
                + "\(Format.score(config.suspiciousObject.localLabels[PredictedLabels.bookObject]))"
                + (events.isEmpty ? "" : "; suspicious_object names \(events.joined(separator: ", "))")
        case "head_turned":
            return still.pose.map { String(format: "yaw %.0f, pitch %.0f", $0.yaw, $0.pitch) } ?? "no pose"
        case "paper_notes":
            return still.predicted.contains("text") ? "text_detected" : still.predicted.contains("book") ? "book" : ""
        case "printed_face":
            return "the tool counts \(still.usableFaces) usable face(s) there"
        case let label where label.hasPrefix("emotion="):
            return still.expression.map { "\($0) \(Format.score(still.expressionProbability))" } ?? "no expression"
        default:
            return ""
        }
    }

    /// What the tool measured inside a labelled interval it did not find.
    private func intervalEvidence(_ video: VideoOutcome, label: String, span: TimeSpan) -> String {
        let inside = video.frames.filter {
            $0.time >= span.start - VideoScoring.boundaryMargin && $0.time <= span.end + VideoScoring.boundaryMargin
        }
        let counts = inside.map { "\($0.faceCount)" }.joined(separator: ",")
        switch label {
        case "looking_away":
            let minimum = Double(config.lookingAway.minFrames - 1) / max(fps, 1e-9)
            if span.end - span.start < minimum {
                return "lasts \(Format.seconds(span.end - span.start)) s; an event needs "
                    + "\(config.lookingAway.minFrames) consecutive frames, at least \(Format.seconds(minimum)) s at \(fps) fps"
            }
            if span.start < Double(config.baseline.frames) / max(fps, 1e-9) {
                return
                    "starts with the video: the first \(config.baseline.frames) confident frames form the baseline, so "
                    + "this direction becomes the norm"
            }
            return "no \(config.lookingAway.minFrames) consecutive qualifying frames"
        case "identity_change":
            let after = video.frames.filter { $0.time > span.start }.prefix(3)
            var why =
                "usable faces on the next frames: \(after.map { "\($0.faceCount)" }.joined(separator: ","))"
                + " (identity is compared only on single-face frames)"
            if let reference = video.identityReferenceTime {
                why += "; reference face taken at \(Format.seconds(reference)) s"
                if reference > span.start { why += ", after this cut" }
            }
            return why
        default:
            return "usable faces per frame: \(counts)"
        }
    }
}
