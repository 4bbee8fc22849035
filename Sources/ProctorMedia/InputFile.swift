import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Checks that a path names a readable regular file before any decoder opens it. Symbolic links are followed; a
/// FIFO, device or socket is refused (reading one may block forever or never end), and each refusal says what the
/// path really is.
enum InputFile {
    /// The file's size in bytes.
    @discardableResult
    static func check(_ path: String) throws -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure(path, errno) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw MediaError.isAFolder(path)
        case S_IFIFO: throw MediaError.unreadable(path, "is a FIFO (named pipe), not a regular file")
        case S_IFCHR, S_IFBLK: throw MediaError.unreadable(path, "is a device, not a regular file")
        case S_IFSOCK: throw MediaError.unreadable(path, "is a socket, not a regular file")
        default: throw MediaError.unreadable(path, "is not a regular file")
        }
        guard access(path, R_OK) == 0 else { throw failure(path, errno) }
        return Int(info.st_size)
    }

    private static func failure(_ path: String, _ code: Int32) -> MediaError {
        switch code {
        case ENOENT:
            var link = stat()
            return lstat(path, &link) == 0
                ? .unreadable(path, "is a symbolic link to something that does not exist") : .notFound(path)
        case ELOOP: return .unreadable(path, "symbolic links loop (too many levels of links)")
        case EACCES: return .unreadable(path, "permission denied")
        case ENOTDIR: return .notFound(path)
        default: return .unreadable(path, "cannot be read (\(String(cString: strerror(code))))")
        }
    }
}
