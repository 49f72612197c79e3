import RESP
import RedisClient

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A throwaway Sentinel deployment: a master, one replica and three Sentinels monitoring
/// them as `mymaster` (quorum 2, down-after 1 s: the smallest deployment the Sentinel
/// documentation calls safe, since a failover needs a majority to elect its leader), each a
/// process on a free loopback port, each stopped by its PID. Used by `rwb lab failover` and
/// the Sentinel tests.
public final class LocalSentinel: Sendable {
    public static let masterName = "mymaster"
    public static let sentinelCount = 3
    public static let quorum = 2

    public let master: ThrowawayServer
    public let replica: ThrowawayServer
    public let sentinelPIDs: [pid_t]
    public let sentinelPorts: [Int]
    private let directory: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private init(master: ThrowawayServer, replica: ThrowawayServer, sentinels: [(pid: pid_t, port: Int)], directory: String) {
        self.master = master
        self.replica = replica
        sentinelPIDs = sentinels.map(\.pid)
        sentinelPorts = sentinels.map(\.port)
        self.directory = directory
    }

    /// The first sentinel's port (any of them answers for the master).
    public var sentinelPort: Int { sentinelPorts[0] }

    /// Options that find the master through the sentinels.
    public var options: ConnectionOptions {
        var options = ConnectionOptions(address: master.options.address)
        options.sentinel = ConnectionOptions.Sentinel(
            nodes: sentinelPorts.map { .tcp(host: "127.0.0.1", port: $0) }, masterName: Self.masterName)
        return options
    }

    public static func start(clock: any WorkClock = SystemClock()) async throws -> LocalSentinel {
        let quick = ThrowawayServer.replicationArguments
        let master = try await ThrowawayServer.start(extraArguments: quick, clock: clock)
        var replica: ThrowawayServer?
        var directory: String?
        do {
            let folder = try POSIX.makeTemporaryDirectory(prefix: "rwb-sentinel")
            directory = folder
            let follower = try await ThrowawayServer.start(
                extraArguments: quick + ["--replicaof", "127.0.0.1", String(master.port ?? 0)], clock: clock)
            replica = follower
            var sentinels: [(pid: pid_t, port: Int)] = []
            do {
                for index in 0..<sentinelCount { sentinels.append(try startSentinel(index, monitoring: master.port ?? 0, in: folder)) }
            } catch {
                for sentinel in sentinels { POSIX.terminate(sentinel.pid) }
                throw error
            }
            let deployment = LocalSentinel(master: master, replica: follower, sentinels: sentinels, directory: folder)
            do {
                try await deployment.waitUntilReady(clock: clock)
            } catch {
                deployment.stop()
                throw error
            }
            return deployment
        } catch {
            // Stopping twice is harmless: stop() is idempotent, and the directory may be gone.
            replica?.stop()
            master.stop()
            if let directory { POSIX.removeDirectory(directory) }
            throw error
        }
    }

    /// Sentinel number `index`, with a configuration file of its own (a sentinel rewrites it).
    private static func startSentinel(_ index: Int, monitoring masterPort: Int, in directory: String) throws -> (pid: pid_t, port: Int) {
        let port = try POSIX.freeLoopbackPort()
        let config = "\(directory)/sentinel-\(index).conf"
        let text = """
            sentinel monitor \(masterName) 127.0.0.1 \(masterPort) \(quorum)
            sentinel down-after-milliseconds \(masterName) 1000
            sentinel failover-timeout \(masterName) 5000

            """
        guard let handle = fopen(config, "w") else { throw Failure(description: "cannot write \(config): \(POSIX.errorText())") }
        fputs(text, handle)
        fclose(handle)
        guard let executable = POSIX.findExecutable("redis-server") else {
            throw Failure(description: "redis-server was not found on PATH: install it (Debian/Ubuntu: apt-get install redis-server)")
        }
        let pid = try POSIX.spawn(
            executable, [config, "--sentinel", "--port", String(port), "--bind", "127.0.0.1", "--dir", directory],
            outputPath: "\(directory)/sentinel-\(index).log")
        return (pid, port)
    }

    /// Until every sentinel names the master and knows the replica and the other sentinels
    /// (they find each other through the master's hello channel, every 2 s), and the replica
    /// has synced with the master: before that a failover could not be agreed on.
    private func waitUntilReady(clock: any WorkClock) async throws {
        let deadline = clock.now + .seconds(20)
        var replicaProbe = replica.options
        replicaProbe.clientName = nil
        while clock.now < deadline {
            var ready = true
            for port in sentinelPorts where ready {
                ready = await Self.sentinel(port, knowsReplicas: 1, sentinels: sentinelPorts.count - 1)
            }
            if ready, let node = try? await RedisConnection.connect(replicaProbe) {
                let info = try? await node.send(["INFO", "replication"], timeout: .seconds(1))
                await node.close()
                if info?.string?.contains("master_link_status:up") == true { return }
            }
            try await clock.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "the sentinels or the replica were not ready within 20s")
    }

    private static func sentinel(_ port: Int, knowsReplicas replicas: Int, sentinels: Int) async -> Bool {
        var probe = ConnectionOptions(address: .tcp(host: "127.0.0.1", port: port))
        probe.clientName = nil
        guard let sentinel = try? await RedisConnection.connect(probe) else { return false }
        defer { Task { await sentinel.close() } }
        let named = try? await sentinel.send(["SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName], timeout: .seconds(1))
        let knownReplicas = try? await sentinel.send(["SENTINEL", "REPLICAS", masterName], timeout: .seconds(1))
        let knownSentinels = try? await sentinel.send(["SENTINEL", "SENTINELS", masterName], timeout: .seconds(1))
        return named?.elements?.count == 2 && (knownReplicas?.elements?.count ?? 0) >= replicas
            && (knownSentinels?.elements?.count ?? 0) >= sentinels
    }

    /// SIGKILL to the server on `port` (the master or the replica), as a crash would.
    public func crash(port: Int) throws {
        guard let server = [master, replica].first(where: { $0.port == port }) else {
            throw Failure(description: "no server of this deployment listens on port \(port)")
        }
        kill(server.pid, SIGKILL)
    }

    public func stop() {
        for pid in sentinelPIDs { POSIX.terminate(pid) }
        replica.stop()
        master.stop()
        POSIX.removeDirectory(directory)
    }
}
