import RESP
import RedisClient
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `redis-server` started for one run: a free loopback port (or a Unix socket) in a
/// private temporary directory, persistence off. `stop()` ends it by the PID recorded at
/// start and removes the directory; nothing else on the machine is touched.
public final class ThrowawayServer: Sendable {
    public let pid: pid_t
    public let directory: String
    /// How to reach it. TCP unless started with `unixSocket: true`.
    public let options: ConnectionOptions
    public let port: Int?
    public let socketPath: String?
    /// Held while stopping, so a second `stop()` returns only once the server is gone.
    private let stopped = Mutex(false)

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private init(pid: pid_t, directory: String, options: ConnectionOptions, port: Int?, socketPath: String?) {
        self.pid = pid
        self.directory = directory
        self.options = options
        self.port = port
        self.socketPath = socketPath
    }

    /// For throwaway servers that replicate (`LocalCluster`, `LocalSentinel`): replicas sync
    /// at once (diskless sync waits 5 s for more replicas); stopping does not wait for
    /// replicas to catch up (Redis 7 waits up to 10 s on SIGTERM; the data is thrown away);
    /// DEBUG from loopback (the failover lab's --replica-lag uses DEBUG SLEEP).
    public static let replicationArguments = [
        "--repl-diskless-sync-delay", "0", "--shutdown-timeout", "0", "--enable-debug-command", "local",
    ]

    /// Starts a server and waits until it answers PING. A port found free can be taken by
    /// someone else before redis-server binds it (tests start many servers at once): then
    /// it starts again on another port, up to three times.
    /// - Parameters:
    ///   - unixSocket: listen only on a socket in the temporary directory (no TCP port).
    ///   - extraArguments: more `redis-server` options (`--tls-port …`, `--requirepass …`).
    public static func start(
        unixSocket: Bool = false,
        extraArguments: [String] = [],
        executable: String = "redis-server",
        readyTimeout: Duration = .seconds(30),
        clock: any WorkClock = SystemClock()
    ) async throws -> ThrowawayServer {
        var attempt = 1
        while true {
            do {
                return try await startOnce(
                    unixSocket: unixSocket, extraArguments: extraArguments, executable: executable, readyTimeout: readyTimeout, clock: clock
                )
            } catch let failure as Failure where failure.description.contains("Address already in use") && attempt < 3 {
                attempt += 1
            }
        }
    }

    private static func startOnce(
        unixSocket: Bool, extraArguments: [String], executable: String, readyTimeout: Duration, clock: any WorkClock
    ) async throws -> ThrowawayServer {
        guard let path = POSIX.findExecutable(executable) else {
            throw Failure(description: "\(executable) was not found on PATH: install it (Debian/Ubuntu: apt-get install redis-server)")
        }
        let directory = try POSIX.makeTemporaryDirectory(prefix: "rwb-server")
        var arguments = ["--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no", "--loglevel", "warning"]
        var options: ConnectionOptions
        var port: Int?
        var socketPath: String?
        if unixSocket {
            socketPath = "\(directory)/redis.sock"
            arguments += ["--port", "0", "--unixsocket", socketPath!, "--unixsocketperm", "700"]
            options = ConnectionOptions(address: .unix(path: socketPath!))
        } else {
            port = try POSIX.freeLoopbackPort()
            arguments += ["--port", String(port!), "--bind", "127.0.0.1"]
            options = ConnectionOptions(address: .tcp(host: "127.0.0.1", port: port!))
        }
        let log = "\(directory)/redis.log"
        let pid: pid_t
        do {
            pid = try POSIX.spawn(path, arguments + extraArguments, outputPath: log)
        } catch {
            POSIX.removeDirectory(directory)
            throw Failure(description: "\(error)")
        }
        let server = ThrowawayServer(pid: pid, directory: directory, options: options, port: port, socketPath: socketPath)
        do {
            try await server.waitUntilReady(
                timeout: readyTimeout, log: log, probeOptions: probeOptions(options, extraArguments), clock: clock)
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    /// Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its directory. Safe to
    /// call more than once and from any thread.
    public func stop() {
        stopped.withLock { done in
            guard !done else { return }
            done = true
            POSIX.terminate(pid)
            POSIX.removeDirectory(directory)
        }
    }

    deinit {
        stop()
    }

    /// A password given in `extraArguments` must be used by the readiness probe too.
    private static func probeOptions(_ options: ConnectionOptions, _ extraArguments: [String]) -> ConnectionOptions {
        var probe = options
        probe.clientName = nil
        probe.connectTimeout = .milliseconds(500)
        if let index = extraArguments.firstIndex(of: "--requirepass"), index + 1 < extraArguments.count {
            probe.password = extraArguments[index + 1]
        }
        return probe
    }

    /// What redis-server's log says went wrong: its warning lines (`#`), without their pid and
    /// timestamp, or its last line when none is a warning. (The log's last 600 bytes, as it
    /// was, began mid-line: "in use) (errno: 98)".)
    static func reason(fromLog output: String) -> String {
        let lines = output.split(whereSeparator: \.isNewline)
        let warnings = lines.compactMap { line in line.range(of: " # ").map { String(line[$0.upperBound...]) } }
        let said = warnings.isEmpty ? lines.suffix(1).map(String.init) : Array(warnings.suffix(3))
        return said.isEmpty ? "(it wrote nothing)" : said.joined(separator: "; ")
    }

    private func waitUntilReady(timeout: Duration, log: String, probeOptions: ConnectionOptions, clock: any WorkClock) async throws {
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if POSIX.hasExited(pid) {
                let output = POSIX.readFile(log).map { String(decoding: $0, as: UTF8.self) } ?? ""
                throw Failure(description: "redis-server exited at start: \(Self.reason(fromLog: output))")
            }
            if let connection = try? await RedisConnection.connect(probeOptions) {
                let reply = try? await connection.send(RedisCommand("PING"), timeout: .seconds(1))
                await connection.close()
                if reply == .simpleString("PONG") { return }
            }
            try await clock.sleep(for: .milliseconds(20))
        }
        throw Failure(description: "redis-server did not answer within \(timeout)")
    }
}
