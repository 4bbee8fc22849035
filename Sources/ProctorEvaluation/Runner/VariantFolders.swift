import Foundation

/// Makes each robustness variant in its own scratch folder, scores it there, and removes the folders afterwards:
/// the loop both the still and the video variants run.
enum VariantFolders {
    static func score<Variant, Result>(
        _ variants: [Variant], prefix: String, make: (Variant, _ folder: URL, _ scratch: URL) throws -> Void,
        score: (Variant, _ folder: URL) throws -> Result
    ) throws -> [Result] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try variants.enumerated().map { position, variant in
            let folder = scratch.appendingPathComponent("variant-\(position)")
            try make(variant, folder, scratch)
            return try score(variant, folder)
        }
    }
}
