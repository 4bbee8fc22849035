import Foundation
import ProctorTestSupport
import Testing

/// `proctor analyze DIR --out DIR`: the nightly batch, run as a user runs it.
@Suite(.serialized) struct BatchTests {
    struct Run {
        var status: Int32
        var stderr: String
    }

    /// Runs the binary to completion.
    static func proctor(_ arguments: [String]) throws -> Run {
        let process = try start(arguments)
        let stderr = (process.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func start(_ arguments: [String]) throws -> Process {
        try ProctorCommand.start(arguments, models: try TestMedia.modelDirectory())
    }

    /// A folder of recordings: shared videos linked in (one in a sub-folder), a truncated video, a text file named
    /// `.mp4`, and a file that is not a video at all (ignored).
    static func inputFolder(videos: [String]) throws -> URL {
        let folder = try TestMedia.scratch().appendingPathComponent("recordings")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("day2"), withIntermediateDirectories: true)
        for (position, video) in videos.enumerated() {
            let name = position == 0 ? "day2/\(video)" : video
            try FileManager.default.createSymbolicLink(
                at: folder.appendingPathComponent(name),
                withDestinationURL: URL(fileURLWithPath: try TestMedia.path("videos/\(video)")))
        }
        return folder
    }

    static func rows(_ out: URL) throws -> [[String: Any]] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json")))
                as? [[String: Any]])
    }

    /// Names and file kinds from the reliability audit: a FIFO is a failed row (not a hang), `..mp4` and a
    /// 240-character name are analysed with their evidence, a 360x640 recording does not stop the batch.
    @Test func oddNamesFifosAndPortraitVideosAllGetRows() throws {
        let input = try TestMedia.scratch().appendingPathComponent("odd")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let source = try TestMedia.path("videos/v04_phone_in_hands.mp4")
        let long = String(repeating: "n", count: 240) + ".mp4"
        for name in ["..mp4", ".hidden.mp4", long] {
            try FileManager.default.copyItem(atPath: source, toPath: input.appendingPathComponent(name).path)
        }
        try TestMedia.ffmpeg([
            "-i", source, "-t", "3", "-vf", "scale=360:640", "-c:v", "libx264", "-preset", "ultrafast",
            input.appendingPathComponent("portrait.mp4").path,
        ])
        #expect(mkfifo(input.appendingPathComponent("pipe.mp4").path, 0o600) == 0)
        let out = try TestMedia.scratch().appendingPathComponent("reports")
        let run = try Self.proctor(["analyze", input.path, "--out", out.path, "--jobs", "2", "--progress", "plain"])
        #expect(run.status == 3, "\(run.stderr)")
        let rows = try Self.rows(out)
        #expect(
            Set(rows.compactMap { ($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } })
                == ["..mp4", ".hidden.mp4", long, "portrait.mp4", "pipe.mp4"])
        let failed = rows.filter { $0["status"] as? String == "failed" }
        #expect(failed.count == 1 && (failed.first?["error"] as? String)?.contains("FIFO") == true, "\(failed)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("..mp4.json").path))
        let evidence = try FileManager.default.subpathsOfDirectory(atPath: out.appendingPathComponent("evidence").path)
        #expect(evidence.contains { $0.hasPrefix(String(repeating: "n", count: 240)) && $0.hasSuffix(".jpg") })
    }

    @Test func folderWithBadFilesGivesReportsRowsAndExitCode3() throws {
        let input = try Self.inputFolder(videos: ["v04_phone_in_hands.mp4", "v05_stage_cuts_profile_multiface.mp4"])
        let truncated = try Data(
            contentsOf: URL(fileURLWithPath: try TestMedia.path("videos/v01_webcam_gaze_left.mp4")))
        try truncated.prefix(4000).write(to: input.appendingPathComponent("broken.mp4"))
        try Data("not a video\n".utf8).write(to: input.appendingPathComponent("notes.mp4"))
        try Data("ignored\n".utf8).write(to: input.appendingPathComponent("readme.txt"))
        let out = try TestMedia.scratch().appendingPathComponent("reports")
        let run = try Self.proctor([
            "analyze", input.path, "--out", out.path, "--format", "json,markdown,html",
            "--jobs", "2", "--progress", "json",
        ])
        #expect(run.status == 3, "\(run.stderr)")
        let rows = try Self.rows(out)
        let byName = Dictionary(
            uniqueKeysWithValues: rows.map { (URL(fileURLWithPath: $0["file"] as! String).lastPathComponent, $0) })
        #expect(
            Set(byName.keys) == [
                "v04_phone_in_hands.mp4", "v05_stage_cuts_profile_multiface.mp4", "broken.mp4",
                "notes.mp4",
            ])
        #expect(
            byName["broken.mp4"]?["status"] as? String == "failed"
                && byName["notes.mp4"]?["status"] as? String == "failed")
        #expect((byName["notes.mp4"]?["error"] as? String)?.contains("cannot be read as a video") == true)
        let phone = try #require(byName["v04_phone_in_hands.mp4"])
        #expect(
            phone["status"] as? String == "analysed" && phone["report"] as? String == "day2/v04_phone_in_hands.json")
        #expect(["low", "needs_review", "high", "insufficient_evidence"].contains(phone["review_priority"] as? String))
        for report in [
            "day2/v04_phone_in_hands.json", "day2/v04_phone_in_hands.md", "day2/v04_phone_in_hands.html",
            "v05_stage_cuts_profile_multiface.json", "v05_stage_cuts_profile_multiface.md",
            "v05_stage_cuts_profile_multiface.html",
        ] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(report).path), "\(report)")
        }
        let csv = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 5 && csv.hasPrefix("file,status,error,duration_seconds"))
        // --progress json: every progress line is a JSON object.
        let events = run.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(events.count >= 8)
        #expect(events.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }

    @Test func killedBatchResumesAndRedoesOnlyWhatWasInFlight() throws {
        let videos = ["v04_phone_in_hands.mp4", "v05_stage_cuts_profile_multiface.mp4", "v07_expressions_woman.mp4"]
        let input = try Self.inputFolder(videos: videos)
        let out = try TestMedia.scratch().appendingPathComponent("reports")
        let first = out.appendingPathComponent("day2/v04_phone_in_hands.json")
        let process = try Self.start(["analyze", input.path, "--out", out.path, "--jobs", "1", "--progress", "plain"])
        while process.isRunning, !FileManager.default.fileExists(atPath: first.path) {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the batch finished before it could be killed")
        // Whatever is on disk is complete: every report there parses.
        let written = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".json") }
        for file in written {
            #expect(
                (try? JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(file)))) != nil,
                "\(file)")
        }
        let resumed = try Self.proctor(["analyze", input.path, "--out", out.path, "--jobs", "1", "--progress", "plain"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let statuses = Dictionary(
            uniqueKeysWithValues: try Self.rows(out).map {
                (URL(fileURLWithPath: $0["file"] as! String).lastPathComponent, $0["status"] as? String)
            })
        #expect(statuses["v04_phone_in_hands.mp4"] == "skipped")
        #expect(statuses.values.filter { $0 == "analysed" }.count >= 1 && statuses.count == 3)
        let again = try Self.proctor(["analyze", input.path, "--out", out.path, "--progress", "plain"])
        #expect(again.status == 0 && again.stderr.contains("0 analysed, 3 already done"))
    }

    @Test func parallelAndSerialRunsWriteTheSameReports() throws {
        let input = try Self.inputFolder(videos: [
            "v04_phone_in_hands.mp4", "v05_stage_cuts_profile_multiface.mp4",
            "v07_expressions_woman.mp4",
        ])
        let serial = try TestMedia.scratch().appendingPathComponent("serial")
        let parallel = try TestMedia.scratch().appendingPathComponent("parallel")
        #expect(try Self.proctor(["analyze", input.path, "--out", serial.path, "--jobs", "1"]).status == 0)
        #expect(try Self.proctor(["analyze", input.path, "--out", parallel.path, "--jobs", "3"]).status == 0)
        for report in [
            "day2/v04_phone_in_hands.json", "v05_stage_cuts_profile_multiface.json", "v07_expressions_woman.json",
        ] {
            func normalised(_ root: URL) throws -> String {
                try String(contentsOf: root.appendingPathComponent(report), encoding: .utf8)
                    .replacingOccurrences(of: root.path, with: "<out>")
                    .split(separator: "\n").filter { !$0.contains("\"generated_at\"") }.joined(separator: "\n")
            }
            #expect(try normalised(serial) == normalised(parallel), "\(report) differs between --jobs 1 and --jobs 3")
        }
    }

    @Test func rescoreChangesPrioritiesWithTheWeights() throws {
        let input = try Self.inputFolder(videos: ["v05_stage_cuts_profile_multiface.mp4"])
        let out = try TestMedia.scratch().appendingPathComponent("reports")
        #expect(try Self.proctor(["analyze", input.path, "--out", out.path]).status == 0)
        let report = out.appendingPathComponent("day2/v05_stage_cuts_profile_multiface.json")
        func review() throws -> [String: Any] {
            try #require(
                (try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])?["review"]
                    as? [String: Any])
        }
        let before = try review()
        let contributions = try #require(before["contributions"] as? [[String: Any]])
        #expect(!contributions.isEmpty && before["level"] as? String != "low", "v05 has multiple faces: \(before)")
        let zero = out.appendingPathComponent("zero.json")
        let weights = Dictionary(
            uniqueKeysWithValues: [
                "no_face_detected", "multiple_faces_detected", "looking_away",
                "low_engagement", "suspicious_object", "multiple_people_detected",
                "text_detected", "face_mismatch",
            ].map { ($0, 0) })
        try JSONSerialization.data(withJSONObject: ["review_weights": weights]).write(to: zero)
        let rescore = Process()
        rescore.executableURL = CommandLineTests.binary
        rescore.arguments = ["rescore", report.path, "--config", zero.path]
        rescore.standardOutput = Pipe()
        try rescore.run()
        let line = (rescore.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
        rescore.waitUntilExit()
        #expect(rescore.terminationStatus == 0)
        let change = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect(change["previous_priority"] as? String == before["level"] as? String)
        #expect(change["priority"] as? String == "low" && change["score"] as? Double == 0)
        let after = try review()
        #expect(after["level"] as? String == "low" && (after["contributions"] as? [Any])?.isEmpty == true)
    }
}
