#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The REPL's history file: one entry a line, appended as soon as it is
/// entered, so a crash loses nothing.
///
/// - Each `append` opens the file with `O_APPEND` (created with mode 0600),
///   writes the entry and its newline in one `write`, and closes it; concurrent
///   sessions interleave whole lines. A file that exists with group or other
///   permission bits is narrowed to 0600 first; if that fails the entry is not
///   written (`HistoryFileError.insecurePermissions`).
/// - Storage format (reversible): `\` is stored as `\\`, a line feed as `\n`
///   and a carriage return as `\r`, so a multi-line logical line (a pasted Lua
///   script) is one stored line. `load` undoes this; an unknown escape or a
///   lone trailing backslash is kept as it is.
/// - Path: `RWB_HISTFILE` when set (a leading `~/` is expanded with `HOME`),
///   else `$HOME/.rwb_history`; `RWB_HISTFILE` empty or `/dev/null`, or no
///   `HOME`, disables history.
/// - Policy (what may be recorded) is `HistoryPolicy`'s job, not this type's.
public struct HistoryFile: Sendable {
    /// The file, or nil when history is disabled.
    public let path: String?
    /// How many of the most recent entries `load()` returns.
    public let maxEntries: Int

    public static let defaultMaxEntries = 1000
    public static let environmentVariable = "RWB_HISTFILE"
    public static let defaultFileName = ".rwb_history"

    public init(path: String?, maxEntries: Int = HistoryFile.defaultMaxEntries) {
        self.path = (path == nil || path == "" || path == "/dev/null") ? nil : path
        self.maxEntries = max(0, maxEntries)
    }

    /// The file named by `environment` (see `resolvePath(environment:)`).
    public init(environment: [String: String], maxEntries: Int = HistoryFile.defaultMaxEntries) {
        self.init(path: Self.resolvePath(environment: environment), maxEntries: maxEntries)
    }

    public var isEnabled: Bool { path != nil }

    /// `RWB_HISTFILE` overrides `~/.rwb_history`; empty or `/dev/null` disables.
    public static func resolvePath(environment: [String: String]) -> String? {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        if let override = environment[environmentVariable] {
            if override.isEmpty || override == "/dev/null" { return nil }
            if override == "~" { return home }
            if override.hasPrefix("~/") {
                guard let home else { return nil }
                return joined(home, String(override.dropFirst(2)))
            }
            return override
        }
        guard let home else { return nil }
        return joined(home, defaultFileName)
    }

    /// Appends one logical line (escaped as described above). Does nothing
    /// when history is disabled.
    public func append(_ line: String) throws(HistoryFileError) {
        guard let path else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HistoryFileError(path: path, operation: .open, code: errno) }
        defer { close(fd) }
        try Self.secure(fd, path: path)
        var bytes = Array(Self.escape(line).utf8)
        bytes.append(0x0A)
        try Self.writeAll(fd, bytes, path: path)
    }

    /// The most recent `maxEntries` entries, oldest first; empty when history
    /// is disabled or the file cannot be read.
    public func load() -> [String] {
        guard let path, maxEntries > 0, let bytes = Self.readFile(path) else { return [] }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true)
        if lines.count > maxEntries { lines.removeFirst(lines.count - maxEntries) }
        return lines.map { Self.unescape(String(decoding: $0, as: UTF8.self)) }
    }

    /// Rewrites the file keeping only its last `keeping` entries (default
    /// `maxEntries`) when it holds more than twice that many, so an append-only
    /// file does not grow forever. Writes a temporary file beside it (0600) and
    /// renames it over the original; an entry appended by another session
    /// between the read and the rename is lost. Returns true when it rewrote.
    @discardableResult
    public func compact(keeping: Int? = nil) throws(HistoryFileError) -> Bool {
        guard let path, let bytes = Self.readFile(path) else { return false }
        let keep = max(0, keeping ?? maxEntries)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true)
        guard lines.count > 2 * keep else { return false }
        var kept: [UInt8] = []
        for line in lines.suffix(keep) {
            kept.append(contentsOf: line)
            kept.append(0x0A)
        }
        let target = Self.resolvedTarget(path)
        let temporary = target + ".rwb-tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw HistoryFileError(path: temporary, operation: .open, code: errno) }
        do throws(HistoryFileError) {
            try Self.writeAll(fd, kept, path: temporary)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw HistoryFileError(path: target, operation: .write, code: code)
        }
        return true
    }

    // MARK: - Storage format

    /// `\` → `\\`, LF → `\n`, CR → `\r`.
    public static func escape(_ line: String) -> String {
        var out = ""
        out.reserveCapacity(line.utf8.count)
        for scalar in line.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The inverse of `escape`; other backslash sequences are kept verbatim.
    public static func unescape(_ stored: String) -> String {
        var out = ""
        var iterator = stored.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "\\" else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch iterator.next() {
            case "\\": out += "\\"
            case "n": out += "\n"
            case "r": out += "\r"
            case let other?:
                out += "\\"
                out.unicodeScalars.append(other)
            case nil:
                out += "\\"
            }
        }
        return out
    }

    // MARK: - System calls

    private static func joined(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Narrows the open file to 0600 when it has group or other bits.
    private static func secure(_ fd: Int32, path: String) throws(HistoryFileError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw HistoryFileError(path: path, operation: .stat, code: errno)
        }
        guard (info.st_mode & 0o177) != 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        guard fchmod(fd, 0o600) == 0 else {
            throw HistoryFileError(path: path, operation: .insecurePermissions, code: errno)
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(HistoryFileError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw HistoryFileError(path: path, operation: .write, code: errno)
            }
            offset += written
        }
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return result }
            result.append(contentsOf: buffer[..<count])
        }
    }

    /// Follows a symlinked history file so `compact` replaces the target, not the link.
    private static func resolvedTarget(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A history file operation that failed, with the system's reason.
public struct HistoryFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Operation: Equatable, Sendable {
        case open, stat, write
        /// The file has group/other permission bits and could not be narrowed to 0600.
        case insecurePermissions
    }

    public let path: String
    public let operation: Operation
    /// The `errno` value.
    public let code: Int32

    public init(path: String, operation: Operation, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public var description: String {
        let reason = String(cString: strerror(code))
        switch operation {
        case .open: return "cannot open history file \(path): \(reason) (set RWB_HISTFILE=/dev/null to disable history)"
        case .stat: return "cannot inspect history file \(path): \(reason)"
        case .write: return "cannot write history file \(path): \(reason)"
        case .insecurePermissions:
            return "history file \(path) is readable by others and its mode cannot be set to 0600: \(reason); the line was not recorded"
        }
    }
}
