import ProctorEngine

/// One sampled frame's eyes-only reading: eye yaw off the baseline while the head stayed within the looking-away
/// angles, and whether a `looking_away` row covers the frame.
struct EyeReading: Encodable {
    var video: String
    var yaw: Double
    var labelledAway: Bool

    /// The readings of evaluated videos (frames near a label boundary, or without an eyes-only reading, left out).
    static func readings(of videos: [VideoOutcome]) -> [EyeReading] {
        videos.flatMap { video in
            video.frames.compactMap { frame in
                guard let yaw = frame.eyesOnlyYaw, let away = frame.labelledLookingAway else { return nil }
                return EyeReading(video: video.file, yaw: yaw, labelledAway: away)
            }
        }
    }
}

/// The "Eyes-only looking away" section: the eye-yaw threshold on the recordings it was chosen on and on the others,
/// originals and every variant.
enum EyeYawReport {
    /// The recordings the threshold was chosen on: between v01's eyes-only glance (15-21 degrees) and v03's largest
    /// reading while talking to the camera (9 degrees). Every other recording is held out.
    static let chosenOn: Set<String> = [
        "videos/v01_webcam_gaze_left.mp4", "videos/v03_talking_head_woman_watermark.mp4",
    ]

    static func section(originals: [VideoOutcome], variants: [VariantResults], config: ProctorConfig) -> String {
        let threshold = config.lookingAway.eyeYawDegrees
        var lines = [
            "## Eyes-only looking away", "",
            "Frames where the eyes were measured and the head stayed within the looking-away angles: how often the eye "
                + "yaw off the baseline reaches the threshold (\(Format.ratio(threshold)) degrees, "
                + "`looking_away_eye_yaw_degrees`) at the camera (a false reading) and within labelled `looking_away` "
                + "(a found one). The threshold was chosen on "
                + chosenOn.sorted().map(Format.name).joined(separator: " and ")
                + "; the other recordings are held out. Frames within 0.2 s of a label boundary are left out.",
            "",
            "| version | recordings | at camera: frames reaching the threshold | largest at camera | looking away: frames reaching it | median looking away |",
            "|---|---|---|---|---|---|",
        ]
        let versions = [("original", EyeReading.readings(of: originals))] + variants.map { ($0.name, $0.eyeReadings) }
        for (name, readings) in versions {
            for (group, chosen) in [("chose the threshold", true), ("held out", false)] {
                let part = readings.filter { chosenOn.contains($0.video) == chosen }
                let camera = part.filter { !$0.labelledAway }.map { abs($0.yaw) }
                let away = part.filter(\.labelledAway).map { abs($0.yaw) }
                lines.append(
                    "| \(name) | \(group) | \(Format.counted(Proportion(camera.filter { $0 >= threshold }.count, of: camera.count))) | "
                        + "\(Format.degrees(camera.max())) | "
                        + "\(Format.counted(Proportion(away.filter { $0 >= threshold }.count, of: away.count))) | "
                        + "\(Format.degrees(Statistics.median(away))) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
