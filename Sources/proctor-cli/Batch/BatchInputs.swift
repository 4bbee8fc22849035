import Foundation

/// One recording of a batch and where its outputs go.
struct BatchInput: Sendable, Equatable {
    /// The file to analyse.
    var path: String
    /// Its path relative to the folder it was found in (the file name for a file given directly), extension kept:
    /// outputs mirror it under `--out`.
    var relativePath: String

    /// `<out>/<relative path without extension>.<ext>`.
    func output(in directory: URL, ext: String) -> URL {
        directory.appendingPathComponent((relativePath as NSString).deletingPathExtension + "." + ext)
    }

    /// `<out>/evidence/<relative path without extension>/`.
    func evidenceDirectory(in directory: URL) -> URL {
        directory.appendingPathComponent("evidence").appendingPathComponent((relativePath as NSString).deletingPathExtension)
    }
}

/// Expands the command line's files and folders into recordings: folders are walked recursively for video files,
/// files given directly are taken whatever their extension; `--glob` keeps the relative paths it matches.
enum BatchInputs {
    static let videoExtensions: Set<String> = ["mp4", "m4v", "mov", "mkv", "webm", "avi", "wmv", "flv", "mpg", "mpeg",
                                               "ts", "mts", "3gp", "ogv"]

    static func expand(_ arguments: [String], glob: String?) throws -> [BatchInput] {
        var inputs: [BatchInput] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw CLIFailure(message: "\(argument): no such file or folder")
            }
            if isDirectory.boolValue {
                inputs += try walk(URL(fileURLWithPath: argument))
            } else {
                inputs.append(BatchInput(path: argument, relativePath: URL(fileURLWithPath: argument).lastPathComponent))
            }
        }
        if let glob { inputs = inputs.filter { fnmatch(glob, $0.relativePath, 0) == 0 } }
        let byOutput = Dictionary(grouping: inputs) { ($0.relativePath as NSString).deletingPathExtension }
        if let clash = byOutput.values.first(where: { $0.count > 1 }) {
            throw CLIFailure(message: "\(clash.map(\.path).joined(separator: " and ")) would write the same reports; "
                + "run them in separate batches")
        }
        return inputs.sorted { $0.relativePath < $1.relativePath }
    }

    private static func walk(_ root: URL) throws -> [BatchInput] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw CLIFailure(message: "\(root.path): cannot be read")
        }
        let rootPath = root.standardizedFileURL.path.hasSuffix("/") ? root.standardizedFileURL.path
            : root.standardizedFileURL.path + "/"
        return walker.compactMap { $0 as? URL }.filter { url in
            var isDirectory: ObjCBool = false
            // fileExists follows symbolic links: a link to a video counts as the video.
            return videoExtensions.contains(url.pathExtension.lowercased())
                && FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.map { url in
            let full = url.standardizedFileURL.path
            return BatchInput(path: url.path, relativePath: full.hasPrefix(rootPath) ? String(full.dropFirst(rootPath.count))
                                : url.lastPathComponent)
        }
    }
}
