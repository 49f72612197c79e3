import Foundation

@testable import Workbench

#if canImport(Glibc)
import Glibc
#endif

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

    /// A file's text, or "" when it cannot be read.
    public static func contents(of path: String) -> String {
        POSIX.readFile(path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// A shell loop that waits, up to a minute, until the last line `redis-cli -p port …`
    /// prints is a number above zero: how a script knows that an `rwb` it started in the
    /// background has begun its work. A fixed `sleep` is outlasted on a loaded machine, and a
    /// background process that has not yet installed its handlers ignores SIGINT.
    public static func waitUntilPositive(port: Int, _ command: String) -> String {
        #"i=0; until [ "$(redis-cli -p \#(port) \#(command) 2>/dev/null | tail -n 1)" -gt 0 ] 2>/dev/null || [ $i -ge 600 ]; do sleep 0.1; i=$((i+1)); done"#
    }

    /// `word` quoted for sh: safe for any bytes but NUL.
    public static func quote(_ word: String) -> String {
        "'" + word.replacingAll("'", with: "'\\''") + "'"
    }

    /// Runs blocking work (a child process, a wait for one) on a thread of its own. Swift's
    /// concurrency runs every test's tasks on as many threads as there are CPUs (two on CI):
    /// a test that blocked one of them for seconds stalled the timers and continuations of
    /// every other test, enough to shift a lab's measured window.
    public static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Runs `body`, then `stop` off the pool (stopping waits for processes to exit), whether
    /// or not `body` threw.
    public static func run<T>(_ body: () async throws -> T, thenOffThePool stop: @escaping @Sendable () -> Void) async throws -> T {
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        _ = try? await offThePool(stop)
        return try result.get()
    }

    /// Runs a shell command and returns its standard output (and exit status).
    public static func capture(_ command: String) async throws -> (output: [UInt8], status: Int32) {
        try await offThePool { try captureBlocking(command) }
    }

    private static func captureBlocking(_ command: String) throws -> (output: [UInt8], status: Int32) {
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
    public static func run(_ command: String) async throws -> String {
        let (output, status) = try await capture("(\(command)) 2>&1")
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
