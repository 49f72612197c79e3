import CSpawn

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, throwing wrappers over the few system calls the workbench needs, so that the rest
/// of the code reads as Swift and reports errors as text.
enum POSIX {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Looks `name` up on PATH (or takes it as is when it contains a slash).
    static func findExecutable(_ name: String, path: String? = environment("PATH")) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// How many CPUs this process may run on (its affinity mask, which `taskset` sets), from
    /// the `Cpus_allowed` line of /proc/self/status (Swift's Glibc has no sched_getaffinity);
    /// nil where that is not readable.
    static func allowedCPUCount() -> Int? {
        guard let status = readFile("/proc/self/status"),
            let line = String(decoding: status, as: UTF8.self).split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        else { return nil }
        // Hex words separated by commas: "ff,ffffffff".
        return line.dropFirst("Cpus_allowed:".count).reduce(0) { count, digit in
            count + (digit.hexDigitValue ?? 0).nonzeroBitCount
        }
    }

    /// All environment variables.
    static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }

    /// A new private directory under $TMPDIR (or /tmp).
    static func makeTemporaryDirectory(prefix: String) throws -> String {
        let base = environment("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let result = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure(description: "cannot create a temporary directory in \(base): \(errorText())")
        }
        return String(cString: result)
    }

    /// Removes a directory and the plain files in it (what a throwaway server leaves).
    static func removeDirectory(_ path: String) {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name == "." || name == ".." { continue }
                unlink("\(path)/\(name)")
            }
            closedir(directory)
        }
        rmdir(path)
    }

    /// Starts `executable` with `arguments`, standard input from /dev/null and output to
    /// `outputPath`. The child starts with default signal handling and nothing blocked,
    /// whatever the spawning thread had, in its own process group (Ctrl-C at the terminal
    /// reaches rwb, which stops it in order), and on Linux it is sent SIGTERM if rwb dies
    /// without stopping it (even by SIGKILL). Returns the child's PID.
    static func spawn(_ executable: String, _ arguments: [String], outputPath: String) throws -> pid_t {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var error: Int32 = 0
        let pid = rwb_spawn(executable, argv, outputPath, SIGTERM, &error)
        guard pid > 0 else { throw Failure(description: "cannot start \(executable): \(errorText(error))") }
        return pid
    }

    /// Whether the child has exited (reaping it if so).
    static func hasExited(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        return result == pid || (result == -1 && errno == ECHILD)
    }

    /// The child's exit status once it has exited (reaping it), nil while it runs.
    static func exitStatus(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        // WIFEXITED / WEXITSTATUS, which Swift does not import: a signal counts as failure.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Sends `signal`, waits up to `seconds` for the child to exit, then kills it outright.
    static func terminate(_ pid: pid_t, signal: Int32 = SIGTERM, seconds: Double = 5) {
        guard !hasExited(pid) else { return }
        kill(pid, signal)
        var waited = 0.0
        while waited < seconds {
            if hasExited(pid) { return }
            usleep(10_000)
            waited += 0.01
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// A TCP port on 127.0.0.1 that nothing uses right now, for a server to listen on. Drawn
    /// from below Linux's ephemeral range (32768-60999), where outgoing connections take their
    /// local ports: a port the kernel picks from that range may be taken by a client
    /// connection before the server binds it (seen with the dozens of links of a cluster).
    static func freeLoopbackPort() throws -> Int {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let port = Int.random(in: 20000..<32768, using: &generator)
            if try canBind(port) { return port }
        }
        throw Failure(description: "cannot find a free port on 127.0.0.1 between 20000 and 32767")
    }

    private static func canBind(_ port: Int) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errorText())") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 }
        }
    }

    /// The absolute path with symlinks resolved, or nil when the file does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func readFile(_ path: String, limit: Int = 1 << 20) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(descriptor: fd, limit: limit)
    }

    /// Everything readable from `fd` up to `limit` bytes (nil when the first read fails).
    static func readAll(descriptor fd: Int32, limit: Int = 64 << 20) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && bytes.isEmpty { return nil }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}
