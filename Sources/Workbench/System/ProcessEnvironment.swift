#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The process's environment, read once by the executable and passed down as a value.
public enum ProcessEnvironment {
    public static var variables: [String: String] { POSIX.environment() }

    /// Which of standard input, output and error were closed when rwb started. Each closed
    /// one is then opened on /dev/null, so that no file or socket opened later takes its
    /// number: `rwb -x SET k <&-` must not read an event loop's descriptor as stdin. Read
    /// once, first thing in `main`.
    public static let standardDescriptorsClosedAtStart: [Bool] = (Int32(0)...2).map { descriptor in
        guard fcntl(descriptor, F_GETFD) == -1 else { return false }
        let opened = open("/dev/null", O_RDWR)
        if opened != descriptor && opened >= 0 { close(opened) }
        return true
    }

    /// All of standard input (for `-x` or `-X`, named by `flag`), however long; a closed or
    /// unreadable stdin is an error, not an empty value.
    public static func standardInput(for flag: String = "-x") throws -> [UInt8] {
        if standardDescriptorsClosedAtStart[0] {
            throw POSIX.Failure(description: "cannot read standard input for \(flag): it is closed")
        }
        guard let bytes = POSIX.readAll(descriptor: 0, limit: .max) else {
            throw POSIX.Failure(description: "cannot read standard input for \(flag): \(POSIX.errorText())")
        }
        return bytes
    }

    /// The bytes of `words`, which are the last arguments of the process as
    /// `CommandLine.arguments` gives them: that array has invalid UTF-8 replaced by U+FFFD,
    /// and a key must reach the server byte for byte, as with redis-cli.
    public static func rawBytes(ofTrailing words: [String]) -> [[UInt8]] {
        let count = Int(CommandLine.argc)
        let raw = (max(0, count - words.count)..<count).map { index -> [UInt8] in
            guard let pointer = CommandLine.unsafeArgv[index] else { return [] }
            return Array(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer)))
        }
        guard raw.count == words.count else { return words.map { Array($0.utf8) } }
        // Only where the repaired text is what the parser saw: anything else keeps the word.
        return zip(raw, words).map { bytes, word in String(decoding: bytes, as: UTF8.self) == word ? bytes : Array(word.utf8) }
    }
}
