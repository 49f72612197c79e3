import RedisClient

#if canImport(Glibc)
import Glibc
#endif

@testable import Workbench

/// A master, one replica and one Sentinel monitoring them as `mymaster` (quorum 1,
/// down-after 1 s), each a process of its own on a free loopback port, stopped by PID.
public final class SentinelFixture: Sendable {
    public let master: ThrowawayServer
    public let replica: ThrowawayServer
    public let sentinelPID: pid_t
    public let sentinelPort: Int
    private let directory: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private init(master: ThrowawayServer, replica: ThrowawayServer, sentinelPID: pid_t, sentinelPort: Int, directory: String) {
        self.master = master
        self.replica = replica
        self.sentinelPID = sentinelPID
        self.sentinelPort = sentinelPort
        self.directory = directory
    }

    public static func withSentinel<T>(_ body: (SentinelFixture) async throws -> T) async throws -> T {
        let fixture = try await start()
        defer { fixture.stop() }
        return try await body(fixture)
    }

    /// Options that find the master through the sentinel.
    public var options: ConnectionOptions {
        var options = ConnectionOptions(address: .tcp(host: "127.0.0.1", port: sentinelPort))
        options.sentinel = ConnectionOptions.Sentinel(nodes: [.tcp(host: "127.0.0.1", port: sentinelPort)], masterName: "mymaster")
        options.commandTimeout = .seconds(5)
        return options
    }

    static func start() async throws -> SentinelFixture {
        let master = try await ThrowawayServer.start(extraArguments: ["--repl-diskless-sync-delay", "0"])
        var replica: ThrowawayServer?
        let directory = try POSIX.makeTemporaryDirectory(prefix: "rwb-sentinel")
        do {
            let masterPort = master.port ?? 0
            replica = try await ThrowawayServer.start(extraArguments: ["--replicaof", "127.0.0.1", String(masterPort)])
            let port = try POSIX.freeLoopbackPort()
            let config = "\(directory)/sentinel.conf"
            let text = "sentinel monitor mymaster 127.0.0.1 \(masterPort) 1\nsentinel down-after-milliseconds mymaster 1000\nsentinel failover-timeout mymaster 5000\n"
            guard let handle = fopen(config, "w") else { throw Failure(description: "cannot write \(config)") }
            fputs(text, handle)
            fclose(handle)
            guard let executable = POSIX.findExecutable("redis-server") else { throw Failure(description: "redis-server is not installed") }
            let pid = try POSIX.spawn(
                executable, [config, "--sentinel", "--port", String(port), "--bind", "127.0.0.1", "--dir", directory], outputPath: "\(directory)/sentinel.log")
            let fixture = SentinelFixture(master: master, replica: replica!, sentinelPID: pid, sentinelPort: port, directory: directory)
            try await fixture.waitUntilReady()
            return fixture
        } catch {
            replica?.stop()
            master.stop()
            POSIX.removeDirectory(directory)
            throw error
        }
    }

    /// Until the sentinel names the master and the replica has synced with it.
    private func waitUntilReady() async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(20)
        var probe = ConnectionOptions(address: .tcp(host: "127.0.0.1", port: sentinelPort))
        probe.clientName = nil
        var replicaProbe = replica.options
        replicaProbe.clientName = nil
        while clock.now < deadline {
            if let sentinel = try? await RedisConnection.connect(probe), let node = try? await RedisConnection.connect(replicaProbe) {
                let named = try? await sentinel.send(["SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"], timeout: .seconds(1))
                let info = try? await node.send(["INFO", "replication"], timeout: .seconds(1))
                await sentinel.close()
                await node.close()
                if named?.elements?.count == 2, info?.string?.contains("master_link_status:up") == true { return }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        stop()
        throw Failure(description: "the sentinel or the replica was not ready within 20s")
    }

    public func stop() {
        POSIX.terminate(sentinelPID)
        replica.stop()
        master.stop()
        POSIX.removeDirectory(directory)
    }
}
