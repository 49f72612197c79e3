import RESP
import RedisClient

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A throwaway Sentinel deployment: a master, one replica and one Sentinel monitoring them
/// as `mymaster` (quorum 1, down-after 1 s), each a process on a free loopback port, each
/// stopped by its PID. Used by `rwb lab failover` and the Sentinel tests.
public final class LocalSentinel: Sendable {
    public static let masterName = "mymaster"

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

    /// Options that find the master through the sentinel.
    public var options: ConnectionOptions {
        var options = ConnectionOptions(address: master.options.address)
        options.sentinel = ConnectionOptions.Sentinel(nodes: [.tcp(host: "127.0.0.1", port: sentinelPort)], masterName: Self.masterName)
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
            let follower = try await ThrowawayServer.start(extraArguments: quick + ["--replicaof", "127.0.0.1", String(master.port ?? 0)], clock: clock)
            replica = follower
            let (pid, port) = try startSentinel(monitoring: master.port ?? 0, in: folder)
            let deployment = LocalSentinel(master: master, replica: follower, sentinelPID: pid, sentinelPort: port, directory: folder)
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

    private static func startSentinel(monitoring masterPort: Int, in directory: String) throws -> (pid_t, Int) {
        let port = try POSIX.freeLoopbackPort()
        let config = "\(directory)/sentinel.conf"
        let text = """
            sentinel monitor \(masterName) 127.0.0.1 \(masterPort) 1
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
            executable, [config, "--sentinel", "--port", String(port), "--bind", "127.0.0.1", "--dir", directory], outputPath: "\(directory)/sentinel.log")
        return (pid, port)
    }

    /// Until the sentinel names the master and the replica has synced with it.
    private func waitUntilReady(clock: any WorkClock) async throws {
        let deadline = clock.now + .seconds(20)
        var probe = ConnectionOptions(address: .tcp(host: "127.0.0.1", port: sentinelPort))
        probe.clientName = nil
        var replicaProbe = replica.options
        replicaProbe.clientName = nil
        while clock.now < deadline {
            if let sentinel = try? await RedisConnection.connect(probe) {
                let named = try? await sentinel.send(["SENTINEL", "GET-MASTER-ADDR-BY-NAME", Self.masterName], timeout: .seconds(1))
                await sentinel.close()
                if named?.elements?.count == 2, let node = try? await RedisConnection.connect(replicaProbe) {
                    let info = try? await node.send(["INFO", "replication"], timeout: .seconds(1))
                    await node.close()
                    if info?.string?.contains("master_link_status:up") == true { return }
                }
            }
            try await clock.sleep(for: .milliseconds(50))
        }
        throw Failure(description: "the sentinel or the replica was not ready within 20s")
    }

    /// SIGKILL to the server on `port` (the master or the replica), as a crash would.
    public func crash(port: Int) throws {
        guard let server = [master, replica].first(where: { $0.port == port }) else {
            throw Failure(description: "no server of this deployment listens on port \(port)")
        }
        kill(server.pid, SIGKILL)
    }

    public func stop() {
        POSIX.terminate(sentinelPID)
        replica.stop()
        master.stop()
        POSIX.removeDirectory(directory)
    }
}
