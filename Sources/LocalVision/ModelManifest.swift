import Crypto
import Foundation
import ProctorCore

/// `models/manifest.json`: every model the project fetches, where from, its licence and pinned checksum.
/// The setup script (`scripts/fetch_models.py`) and `proctor models` read the same file.
public struct ModelManifest: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public struct Source: Codable, Sendable {
            public var kind: String
            public var url: String?
            public var package: String?
            public var version: String?
            public var member: String?

            /// Where the file comes from, in one line.
            public var summary: String {
                switch kind {
                case "pypi": return "PyPI \(package ?? "?")==\(version ?? "?") \(member ?? "")"
                default: return url ?? kind
                }
            }
        }
        public var id: String
        public var file: String
        public var capability: String
        public var licence: String
        public var usedBy: String
        public var sha256: String
        public var source: Source
    }

    public var schemaVersion: Int
    public var models: [Entry]

    public static func load(from directory: URL) throws -> ModelManifest {
        let url = directory.appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: url) else { throw ModelError.noManifest(directory.path) }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { return try decoder.decode(ModelManifest.self, from: data) } catch {
            throw ModelError.badManifest(url.path, "\(error)")
        }
    }

    public func entry(_ id: String) throws -> Entry {
        guard let entry = models.first(where: { $0.id == id }) else { throw ModelError.unknownModel(id) }
        return entry
    }
}

/// The state of one model file on disk.
public struct ModelStatus: Sendable {
    public var entry: ModelManifest.Entry
    public var path: URL
    public var present: Bool
    /// The file's sha256, when present.
    public var actualSHA256: String?
    public var verified: Bool { actualSHA256 == entry.sha256 }

    /// Hashes the file (if any) at `directory/entry.file`.
    public static func check(_ entry: ModelManifest.Entry, in directory: URL) -> ModelStatus {
        let path = directory.appendingPathComponent(entry.file)
        guard let handle = try? FileHandle(forReadingFrom: path) else {
            return ModelStatus(entry: entry, path: path, present: false, actualSHA256: nil)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return ModelStatus(entry: entry, path: path, present: true, actualSHA256: digest)
    }
}

/// A model file found on disk and matching its pinned checksum.
public struct VerifiedModelFile: Sendable {
    public var path: URL
    public var info: ModelInfo

    /// Locates model `id` of the manifest in `directory` and checks its sha256; throws naming the file otherwise.
    public static func locate(_ id: String, in directory: URL) throws -> VerifiedModelFile {
        let status = ModelStatus.check(try ModelManifest.load(from: directory).entry(id), in: directory)
        guard status.present else { throw ModelError.missing(status.entry.file, directory.path) }
        guard status.verified else {
            throw ModelError.checksumMismatch(
                status.entry.file, expected: status.entry.sha256,
                actual: status.actualSHA256 ?? "")
        }
        return VerifiedModelFile(
            path: status.path,
            info: ModelInfo(id: status.entry.id, file: status.entry.file, sha256: status.entry.sha256, verified: true))
    }
}

/// Why a model could not be used; each message says how to get it.
public enum ModelError: Error, CustomStringConvertible {
    case noManifest(String)
    case badManifest(String, String)
    case unknownModel(String)
    case missing(String, String)
    case checksumMismatch(String, expected: String, actual: String)
    case loadFailed(String, String)

    static let fix = "run scripts/setup.sh (or python3 scripts/fetch_models.py --mirror DIR)"

    public var description: String {
        switch self {
        case .noManifest(let directory):
            return
                "no models/manifest.json in \(directory): pass --models DIR or set PROCTOR_MODELS to the project's models folder"
        case .badManifest(let path, let reason): return "\(path): unreadable model manifest (\(reason))"
        case .unknownModel(let id): return "model \(id) is not in the manifest"
        case .missing(let file, let directory): return "model file \(file) is missing from \(directory): \(Self.fix)"
        case .checksumMismatch(let file, let expected, let actual):
            return "model file \(file) fails its checksum (expected sha256 \(expected), got \(actual)): \(Self.fix)"
        case .loadFailed(let file, let reason): return "model file \(file) could not be loaded: \(reason)"
        }
    }
}
