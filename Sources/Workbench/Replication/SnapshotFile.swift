#if canImport(Glibc)
import Glibc
#endif

/// Where `rwb --rdb FILE` writes: a temporary file next to FILE (same directory, so the
/// rename is atomic), renamed into place only once the payload is verified and on disk; or
/// standard output for `-`. A transfer that fails leaves FILE as it was, and no temporary.
final class SnapshotFile: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let path: String
    private let descriptor: Int32
    /// Nil for standard output.
    private let temporary: String?

    private init(path: String, descriptor: Int32, temporary: String?) {
        self.path = path
        self.descriptor = descriptor
        self.temporary = temporary
    }

    var isStandardOutput: Bool { temporary == nil }

    /// Creates the temporary file (before anything is asked of the server, so a path that
    /// cannot be written fails at once, not after a snapshot was made for nothing).
    static func create(_ path: String) throws(Failure) -> SnapshotFile {
        if path == "-" { return SnapshotFile(path: path, descriptor: 1, temporary: nil) }
        var status = stat()
        if stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR {
            throw Failure(description: "Error opening '\(path)': it is a directory")
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(directory).\(name).rwb-\(getpid()).tmp"
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "Error opening '\(temporary)': \(String(cString: strerror(errno)))") }
        // A second Ctrl-C or a SIGTERM exits without waiting for the mode: remove it then too.
        ExitCleanup.onExit { unlink(temporary) }
        return SnapshotFile(path: path, descriptor: descriptor, temporary: temporary)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "Error writing data to file: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Flushes the file to disk and renames it into place, then flushes the directory so
    /// the rename survives a crash too.
    func commit() throws(Failure) {
        guard let temporary else { return }
        guard fsync(descriptor) == 0 else {
            throw Failure(description: "Fail to fsync '\(temporary)': \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot rename '\(temporary)' to '\(path)': \(reason)")
        }
        let slash = path.lastIndex(of: "/")
        let directory = open(slash.map { String(path[...$0]) } ?? ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// Removes the temporary file (the destination is untouched).
    func discard() {
        guard let temporary else { return }
        close(descriptor)
        unlink(temporary)
    }
}
