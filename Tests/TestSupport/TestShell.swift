#if canImport(Glibc)
import Glibc
#endif

@testable import Workbench

/// Small shell helpers for tests that need files or external tools.
public enum TestShell {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func temporaryDirectory() throws -> String {
        try POSIX.makeTemporaryDirectory(prefix: "rwb-test")
    }

    public static func remove(_ directory: String) {
        _ = system("rm -rf '\(directory)'")
    }

    /// `word` quoted for sh: safe for any bytes but NUL.
    public static func quote(_ word: String) -> String {
        "'" + word.replacingAll("'", with: "'\\''") + "'"
    }

    /// Runs a shell command and returns its standard output (and exit status).
    public static func capture(_ command: String) throws -> (output: [UInt8], status: Int32) {
        // The child inherits this thread's signal mask, and test threads block signals:
        // unblocked here, or `timeout` (which waits for SIGALRM) would wait for ever.
        var none = sigset_t()
        var saved = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &saved)
        let pipe = popen(command, "r")
        pthread_sigmask(SIG_SETMASK, &saved, nil)
        guard let pipe else { throw Failure(description: "popen failed") }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count <= 0 { break }
            output += buffer[0..<count]
        }
        let status = pclose(pipe)
        return (output, status == -1 ? -1 : (status >> 8) & 0xff)
    }

    /// Runs a shell command; throws with its output when it fails.
    @discardableResult
    public static func run(_ command: String) throws -> String {
        let (output, status) = try capture("(\(command)) 2>&1")
        let text = String(decoding: output, as: UTF8.self)
        guard status == 0 else { throw Failure(description: "`\(command)` failed (\(status)): \(text)") }
        return text
    }

    /// The `rwb` executable built next to the test bundle.
    public static var rwbPath: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let executable = length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        let directory = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return directory + "/rwb"
    }
}
