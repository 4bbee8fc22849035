import Foundation

/// One recording of a batch and where its outputs go.
struct BatchInput: Sendable, Equatable {
    /// The file to analyse.
    var path: String
    /// Its path relative to the folder it was found in (the file name for a file given directly), extension kept:
    /// outputs mirror it under `--out`.
    var relativePath: String

    /// `<out>/<stem>.<ext>`.
    func output(in directory: URL, ext: String) -> URL {
        directory.appendingPathComponent(stem + "." + ext)
    }

    /// `<out>/evidence/<stem>/`.
    func evidenceDirectory(in directory: URL) -> URL {
        directory.appendingPathComponent("evidence").appendingPathComponent(stem)
    }

    /// The relative path without its extension (`a/b.mp4` -> `a/b`). A name whose stem would be empty, `.` or `..`
    /// (`..mp4`) keeps its extension, so that no output lands on a folder's own name.
    var stem: String {
        let folder = (relativePath as NSString).deletingLastPathComponent
        let name = (relativePath as NSString).lastPathComponent
        let base = BatchInputs.fileExtension(of: name).map { String(name.dropLast($0.count + 1)) } ?? name
        let kept = ["", ".", ".."].contains(base) ? name : base
        return folder.isEmpty ? kept : folder + "/" + kept
    }
}

/// Expands the command line's files and folders into recordings: folders are walked recursively for video files,
/// files given directly are taken whatever their extension; `--glob` keeps the relative paths it matches.
enum BatchInputs {
    static let videoExtensions: Set<String> = [
        "mp4", "m4v", "mov", "mkv", "webm", "avi", "wmv", "flv", "mpg", "mpeg",
        "ts", "mts", "3gp", "ogv",
    ]

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
                inputs.append(
                    BatchInput(path: argument, relativePath: URL(fileURLWithPath: argument).lastPathComponent))
            }
        }
        if let glob { inputs = inputs.filter { fnmatch(glob, $0.relativePath, 0) == 0 } }
        let byOutput = Dictionary(grouping: inputs) { $0.stem }
        if let clash = byOutput.values.first(where: { $0.count > 1 }) {
            throw CLIFailure(
                message: "\(clash.map(\.path).joined(separator: " and ")) would write the same reports; "
                    + "run them in separate batches")
        }
        return inputs.sorted { $0.relativePath < $1.relativePath }
    }

    /// What follows the last dot of a file name, unless that dot starts the name (`.mp4` has none, `..mp4` has
    /// `mp4`; Foundation's `pathExtension` gives none for either).
    static func fileExtension(of name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...]
        return ext.isEmpty ? nil : String(ext)
    }

    private static func walk(_ root: URL) throws -> [BatchInput] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw CLIFailure(message: "\(root.path): cannot be read")
        }
        let rootPath =
            root.standardizedFileURL.path.hasSuffix("/")
            ? root.standardizedFileURL.path
            : root.standardizedFileURL.path + "/"
        return walker.compactMap { $0 as? URL }.filter { url in
            var isDirectory: ObjCBool = false
            // fileExists follows symbolic links: a link to a video counts as the video.
            return BatchInputs.fileExtension(of: url.lastPathComponent).map {
                videoExtensions.contains($0.lowercased())
            } == true
                && FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.map { url in
            let full = url.standardizedFileURL.path
            return BatchInput(
                path: url.path,
                relativePath: full.hasPrefix(rootPath)
                    ? String(full.dropFirst(rootPath.count))
                    : url.lastPathComponent)
        }
    }
}
