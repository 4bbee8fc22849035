import Foundation
import LocalVision
import Logging
import ProctorBackends
import ProctorEngine
import ProctorMedia

/// One photo of the identity set (`identity/` under the media folder) as the reference-face rule reads it.
struct IdentityPhoto: Encodable {
    var file: String
    var person: String
    /// Usable faces, largest first: width in pixels.
    var faceWidths: [Int]
    /// Why the rule refused the photo (no face, ambiguous faces, no descriptor); nil when a face was taken.
    var refusal: String?
    /// Which face was taken: "the only face" or "the largest of N".
    var taken: String?
    var descriptor: [Float]?

    enum CodingKeys: String, CodingKey { case file, person, faceWidths, refusal, taken }
}

/// One labelled pair of identity photos with its distance (nil when either photo was refused).
struct IdentityPhotoPair: Encodable {
    var first: String
    var second: String
    var samePerson: Bool
    var distance: Double?
}

/// The identity set scored with the verify-id rule (the same threshold the running check uses).
struct IdentitySetResults: Encodable {
    /// One subset of the pairs at one threshold. Refused photos make their pairs errors: a same-person pair not
    /// accepted, never a different-person pair accepted.
    struct Summary: Encodable {
        var name: String
        var pairs: Int
        var sameAccepted: Proportion
        var differentAccepted: Proportion
        var refusedPairs: Int
        var largestSameDistance: Double?
        var smallestDifferentDistance: Double?
        /// Midpoint between the two: the threshold this subset suggests (when the two do not overlap).
        var suggestedThreshold: Double?
    }

    var threshold: Double
    var photos: [IdentityPhoto]
    var pairs: [IdentityPhotoPair]
    /// Pairs of odd-numbered photos: where the threshold was chosen.
    var calibration: Summary
    /// Pairs of even-numbered photos: never looked at to choose it.
    var heldOut: Summary
    var all: Summary

    init(threshold: Double, photos: [IdentityPhoto], pairs: [IdentityPhotoPair]) {
        self.threshold = threshold
        self.photos = photos
        self.pairs = pairs
        func number(_ file: String) -> Int? {
            let stem = (file as NSString).deletingPathExtension
            return stem.split(separator: "_").last.flatMap { Int($0) }
        }
        func inHalf(_ odd: Bool) -> (IdentityPhotoPair) -> Bool {
            { pair in [pair.first, pair.second].allSatisfy { number($0).map { ($0 % 2 == 1) == odd } ?? false } }
        }
        calibration = Self.summary("calibration (odd-numbered photos)", pairs.filter(inHalf(true)), threshold)
        heldOut = Self.summary("held out (even-numbered photos)", pairs.filter(inHalf(false)), threshold)
        all = Self.summary("all pairs", pairs, threshold)
    }

    static func summary(_ name: String, _ pairs: [IdentityPhotoPair], _ threshold: Double) -> Summary {
        let same = pairs.filter(\.samePerson)
        let different = pairs.filter { !$0.samePerson }
        let largestSame = same.compactMap(\.distance).max()
        let smallestDifferent = different.compactMap(\.distance).min()
        var suggested: Double?
        if let largestSame, let smallestDifferent, largestSame < smallestDifferent {
            suggested = ((largestSame + smallestDifferent) / 2 * 1000).rounded() / 1000
        }
        return Summary(
            name: name, pairs: pairs.count,
            sameAccepted: Proportion(same.filter { ($0.distance ?? .infinity) <= threshold }.count, of: same.count),
            differentAccepted: Proportion(
                different.filter { ($0.distance ?? .infinity) <= threshold }.count, of: different.count),
            refusedPairs: pairs.filter { $0.distance == nil }.count, largestSameDistance: largestSame,
            smallestDifferentDistance: smallestDifferent, suggestedThreshold: suggested)
    }
}

/// The identity set measured: every photo through the reference-face rule, every labelled pair's distance.
struct IdentityPairsEvaluation {
    let mediaRoot: URL
    let analyzer: LocalAnalyzer
    let config: ProctorConfig
    let logger: Logger

    init(mediaRoot: URL, modelDirectory: URL, config: ProctorConfig, logger: Logger) throws {
        self.mediaRoot = mediaRoot
        self.config = config
        self.logger = logger
        // The configuration's options (the one factory), with what identity does not need switched off.
        var options = LocalAnalysisOptions(config: config, schedule: .everyFrame)
        options.expressions = false
        options.objects = false
        options.text = false
        analyzer = try LocalAnalyzer(modelDirectory: modelDirectory, options: options)
    }

    /// `identity/pairs.csv` (`file_a,file_b,same_person`) under the media folder, scored at `threshold`; nil when
    /// there is no such file.
    func run(threshold: Double = FaceEmbedder.samePersonThreshold) throws -> IdentitySetResults? {
        let folder = mediaRoot.appendingPathComponent("identity")
        guard let text = try? String(contentsOf: folder.appendingPathComponent("pairs.csv"), encoding: .utf8) else {
            return nil
        }
        let rows = try CSVRecords.parse(text).dropFirst().map(\.fields).filter { $0.count >= 3 }
        let files = Array(Set(rows.flatMap { [$0[0], $0[1]] })).sorted()
        var photos: [String: IdentityPhoto] = [:]
        for (position, file) in files.enumerated() {
            logger.info("identity photo \(position + 1)/\(files.count): \(file)")
            photos[file] = try measure(folder.appendingPathComponent(file), file: file)
        }
        let pairs = rows.map { row -> IdentityPhotoPair in
            let distance = photos[row[0]]?.descriptor.flatMap { a in
                photos[row[1]]?.descriptor.map { b in FaceEmbedder.distance(a, b) }
            }
            return IdentityPhotoPair(first: row[0], second: row[1], samePerson: row[2] == "yes", distance: distance)
        }
        return IdentitySetResults(threshold: threshold, photos: files.compactMap { photos[$0] }, pairs: pairs)
    }

    private func measure(_ url: URL, file: String) throws -> IdentityPhoto {
        let frame = try ImageLoader.load(path: url.path)
        var schedule = analyzer.schedule
        let faces = try analyzer.analyze(frame, schedule: &schedule).faces.filter(config.faces.isUsable).largestFirst()
        var photo = IdentityPhoto(
            file: file, person: Self.person(of: file),
            faceWidths: faces.map { Int(($0.box.width * Double(frame.width)).rounded()) })
        do {
            let choice = try SingleFace.pick(from: faces, role: file, selection: config.faceSelection)
            photo.taken = choice.otherFaces == 0 ? "the only face" : "the largest of \(choice.otherFaces + 1)"
            photo.descriptor = choice.face.identity?.vector
            if photo.descriptor == nil { photo.refusal = "no descriptor" }
        } catch {
            photo.refusal = "\(error)"
        }
        return photo
    }

    /// `angelina_jolie_03.jpg` -> `angelina_jolie`.
    static func person(of file: String) -> String {
        let stem = (file as NSString).deletingPathExtension
        guard let cut = stem.lastIndex(of: "_"), Int(stem[stem.index(after: cut)...]) != nil else { return stem }
        return String(stem[..<cut])
    }
}
