import Foundation
import Testing

/// One configuration, one set of detections: with a `--config` that lowers the phone threshold far below the
/// detectors' default floor, `proctor analyze`, `proctor serve` and `proctor eval` report the same objects on the
/// same pixels. (Before the backend options came from one factory, `serve` and `eval` kept the default floor and
/// silently dropped the weak detections that `analyze` kept.)
@Suite(.serialized) struct ConfigurationParityTests {
    static let phoneThreshold = 0.01
    static let stills = ["b01_oneface_obama", "c01_multi_2_obama_biden", "e03_phone_on_floor_1"]

    /// Objects at or above their class's threshold, as (label, confidence to 4 places), in a stable order.
    typealias Detections = [String]

    static func detections(_ objects: [[String: Any]]?) -> Detections {
        let thresholds = ["cell phone": phoneThreshold, "book": 0.3, "laptop": 0.15, "tv": 0.5]
        return (objects ?? []).compactMap { object -> String? in
            guard let label = object["label"] as? String, let confidence = object["confidence"] as? Double,
                let threshold = thresholds[label], confidence >= threshold
            else { return nil }
            return "\(label) \(String(format: "%.4f", confidence))"
        }.sorted()
    }

    @Test func analyzeServeAndEvalKeepTheSameDetections() throws {
        let folder = try ServerProcess.scratch("parity")
        let config = try Self.writeFixtures(in: folder)
        let images = folder.appendingPathComponent("media/images")
        let analyzed = try Self.analyzed(images: images, config: config)
        let served = try Self.served(images: images, config: config)
        let judged = try Self.evaluated(folder: folder, config: config)

        #expect(
            analyzed.values.contains { $0.contains { $0.hasPrefix("cell phone 0.0") && $0 < "cell phone 0.05" } },
            "no detection between the lowered threshold and the default floor: the test would not notice a floor")
        for name in Self.stills {
            #expect(
                served[name] == analyzed[name],
                "\(name): serve \(served[name] ?? []) vs analyze \(analyzed[name] ?? [])")
            #expect(
                judged[name] == analyzed[name], "\(name): eval \(judged[name] ?? []) vs analyze \(analyzed[name] ?? [])"
            )
        }
    }

    /// The stills as PNGs under `media/images` with a labels file, and the lowered-threshold configuration.
    static func writeFixtures(in folder: URL) throws -> URL {
        let images = folder.appendingPathComponent("media/images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("low-phone.json")
        try Data(
            #"{"suspicious_objects": {"cell phone": \#(phoneThreshold), "book": 0.3, "laptop": 0.15, "tv": 0.5}}"#
                .utf8
        )
        .write(to: config)
        var labels = "file,start_s,end_s,label,notes\n"
        for name in stills {
            // PNG: lossless, so FFmpeg (analyze) and OpenCV (serve, eval) decode the very same pixels.
            _ = try runFixture([
                "ffmpeg", "-loglevel", "error", "-y", "-i",
                ServerProcess.sharedMedia.appendingPathComponent("images/\(name).jpg").path,
                "-pix_fmt", "rgb24", images.appendingPathComponent("\(name).png").path,
            ])
            labels += "images/\(name).png,,,phone,\n"
        }
        try Data(labels.utf8).write(to: folder.appendingPathComponent("media/labels.csv"))
        return config
    }

    /// What `proctor analyze --config` detects on each still.
    static func analyzed(images: URL, config: URL) throws -> [String: Detections] {
        var analyzed: [String: Detections] = [:]
        for name in stills {
            let report = try json(
                try runFixture([
                    ServerProcess.binary.path, "analyze",
                    images.appendingPathComponent("\(name).png").path,
                    "--config", config.path, "--quiet",
                ]))
            let first = (report["timeline"] as? [[String: Any]])?.first
            analyzed[name] = detections(first?["objects"] as? [[String: Any]])
        }
        return analyzed
    }

    /// What `proctor serve --config` detects on each still, one session each.
    static func served(images: URL, config: URL) throws -> [String: Detections] {
        let server = try ServerProcess(arguments: ["--config", config.path, "--max-body-mb", "64"])
        var served: [String: Detections] = [:]
        for name in stills {
            let start = try HTTPExchange.json("POST", server.base.appendingPathComponent("api/sessions/start"), [:])
            let id = try #require(start.json["session_id"] as? String)
            let png = try Data(contentsOf: images.appendingPathComponent("\(name).png"))
            let frame = try HTTPExchange.send(
                "POST", server.base.appendingPathComponent("api/sessions/\(id)/frame"),
                body: png, headers: ["Content-Type": "image/png"])
            #expect(frame.status == 200)
            let end = try HTTPExchange.send("POST", server.base.appendingPathComponent("api/sessions/\(id)/end"))
            let timeline = (end.json["report"] as? [String: Any])?["timeline"] as? [[String: Any]]
            served[name] = detections(timeline?.first?["objects"] as? [[String: Any]])
        }
        return served
    }

    /// What `proctor eval --config` counts above threshold on each still.
    static func evaluated(folder: URL, config: URL) throws -> [String: Detections] {
        let results = folder.appendingPathComponent("eval.json")
        _ = try runFixture([
            ServerProcess.binary.path, "eval", "--media", folder.appendingPathComponent("media").path,
            "--config", config.path, "--out", folder.appendingPathComponent("ACCURACY.md").path,
            "--json", results.path,
        ])
        let evaluated = try json(String(decoding: try Data(contentsOf: results), as: UTF8.self))
        var judged: [String: Detections] = [:]
        for still in evaluated["stills"] as? [[String: Any]] ?? [] {
            let name = URL(fileURLWithPath: still["file"] as? String ?? "").deletingPathExtension().lastPathComponent
            judged[name] = detections(still["objects_above_threshold"] as? [[String: Any]])
        }
        return judged
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}
