import Foundation
import ProctorTestSupport
import Testing

/// The `proctor` binary as a user runs it: exit codes, stdout/stderr split, files written.
@Suite(.serialized) struct CommandLineTests {
    static var binary: URL { TestPaths.binary }

    private func run(_ arguments: [String]) throws -> ProctorCommand.Result {
        try ProctorCommand.run(arguments, models: try TestMedia.modelDirectory())
    }

    @Test func analyzeWritesJSONOnStdout() throws {
        #expect(
            FileManager.default.fileExists(atPath: Self.binary.path), "proctor binary not built at \(Self.binary.path)")
        let result = try run(["analyze", try TestMedia.path("videos/v04_phone_in_hands.mp4"), "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["schema_version"] as? Int == 1)
    }

    @Test func markdownFileAndEvidenceFrames() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.md")
        let evidence = folder.appendingPathComponent("evidence")
        let result = try run([
            "analyze", try TestMedia.path("videos/v05_stage_cuts_profile_multiface.mp4"),
            "--format", "markdown", "-o", report.path, "--fps", "2",
            "--evidence-dir", evidence.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let text = try String(contentsOf: report, encoding: .utf8)
        #expect(text.hasPrefix("# Proctoring report"))
        let files = try FileManager.default.contentsOfDirectory(atPath: evidence.path).filter { $0.hasSuffix(".jpg") }
        #expect(!files.isEmpty)
        for file in files { #expect(text.contains(file), "evidence \(file) not linked from the report") }
    }

    @Test func missingFileIsOneLineOnStderr() throws {
        let result = try run(["analyze", "/nonexistent/interview.mp4"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.contains("/nonexistent/interview.mp4: no such file"))
    }

    @Test func badConfigAndOptionsAreRejected() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("c.json")
        try Data(#"{"looking_away_frames": 3}"#.utf8).write(to: config)
        let video = try TestMedia.path("videos/v04_phone_in_hands.mp4")
        let badConfig = try run(["analyze", video, "--config", config.path])
        #expect(badConfig.status == 1)
        #expect(badConfig.stderr.contains(config.path))
        #expect(try run(["analyze", video, "--fps", "0"]).status != 0)
        #expect(try run(["analyze", video, "--format", "pdf"]).status != 0)
        #expect(try run(["analyze", video, "--read-text", "--no-text"]).status != 0)
        #expect(try run(["analyze", video, "--reference-face", video, "--no-identity"]).status != 0)
    }

    @Test func modelsListsVerifiedChecksums() throws {
        let result = try run(["models", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        let yunet = rows?.first { $0["id"] as? String == "yunet_n_320" }
        #expect(yunet?["status"] as? String == "verified")
        #expect(yunet?["licence"] as? String == "Apache-2.0")
    }

    @Test func verifyIDComparesTwoFaces() throws {
        func verify(_ document: String, _ face: String) throws -> (ProctorCommand.Result, [String: Any]?) {
            let result = try run([
                "verify-id", "--document", try TestMedia.path("images/\(document)"),
                "--face", try TestMedia.path("images/\(face)"),
            ])
            return (result, try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        let (same, sameVerdict) = try verify("b01_oneface_obama.jpg", "b02_oneface_obama_podium.jpg")
        #expect(same.status == 0 && sameVerdict?["same_person"] as? Bool == true)
        #expect((sameVerdict?["document"] as? [String: Any])?["file"] as? String != nil)
        let (_, otherVerdict) = try verify("b01_oneface_obama.jpg", "b04_oneface_biden_smiling.jpg")
        #expect(otherVerdict?["same_person"] as? Bool == false)
        #expect((otherVerdict?["distance"] as? Double ?? 0) > (otherVerdict?["threshold"] as? Double ?? 1))
        let (none, _) = try verify("a01_noface_building_home.jpg", "b01_oneface_obama.jpg")
        #expect(none.status == 1 && none.stderr.contains("document: no face found"))
    }

    /// A KYC selfie: one image with the live face and an ID card held beside it (here a second photo composited as
    /// a card in the corner). The card's face is compared with the live one; one face alone, or both ways of giving
    /// the images at once, is refused with a message.
    @Test func verifyIDAcceptsASelfieHoldingTheCard() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        func selfie(_ live: String, card: String) throws -> String {
            let output = folder.appendingPathComponent("\(live)-\(card).jpg").path
            try TestMedia.ffmpeg([
                "-i", try TestMedia.path("identity/\(live).jpg"), "-i", try TestMedia.path("identity/\(card).jpg"),
                "-filter_complex",
                "[0]scale=-2:960[bg];[1]scale=-2:340,pad=iw+16:ih+16:8:8:white[card];[bg][card]overlay=W-w-20:H-h-20",
                "-q:v", "2", output,
            ])
            return output
        }
        func verdict(_ path: String) throws -> (ProctorCommand.Result, [String: Any]?) {
            let result = try run(["verify-id", "--selfie-with-id", path])
            return (result, try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        let (same, sameVerdict) = try verdict(try selfie("scarlett_johansson_01", card: "scarlett_johansson_03"))
        #expect(same.status == 0 && sameVerdict?["same_person"] as? Bool == true, "\(same.stderr)")
        let card = (sameVerdict?["document"] as? [String: Any])?["box"] as? [String: Double]
        let live = (sameVerdict?["live"] as? [String: Any])?["box"] as? [String: Double]
        #expect((card?["width"] ?? 1) < (live?["width"] ?? 0), "the card's face is the smaller one")
        let (_, otherVerdict) = try verdict(try selfie("scarlett_johansson_01", card: "angelina_jolie_03"))
        #expect(otherVerdict?["same_person"] as? Bool == false)
        let (alone, _) = try verdict(try TestMedia.path("identity/scarlett_johansson_01.jpg"))
        #expect(
            alone.status == 1 && alone.stderr.contains("needs the live face and the card's face"), "\(alone.stderr)")
        let both = try run(["verify-id", "--selfie-with-id", "a.jpg", "--document", "b.jpg", "--face", "c.jpg"])
        #expect(both.status != 0 && both.stderr.contains("not both"), "\(both.stderr)")
    }

    /// `eval --check` fails the run when a target is missed (here: no text stills, so the text target cannot be met),
    /// after writing the report; without `--check` the same run succeeds.
    @Test func evalCheckExitsNonZeroOnAMissedTarget() throws {
        let folder = try TestMedia.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let media = folder.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        try Data("file,start_s,end_s,label,notes\n".utf8).write(to: media.appendingPathComponent("labels.csv"))
        let report = folder.appendingPathComponent("ACCURACY.md")
        let checked = try run(["eval", "--media", media.path, "--out", report.path, "--check"])
        #expect(checked.status == 4, "\(checked.stderr)")
        #expect(FileManager.default.fileExists(atPath: report.path), "the report is written before the check")
        let plain = try run(["eval", "--media", media.path, "--out", report.path])
        #expect(plain.status == 0, "\(plain.stderr)")
    }
}
