#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Writes whole files (reports), replacing what was there.
public enum TextFile {
    public static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw POSIX.Failure(description: POSIX.errorText()) }
        defer { close(fd) }
        FileDescriptorSink(descriptor: fd).write(Array(text.utf8))
    }
}
