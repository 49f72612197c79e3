import RESP
import RedisClient

/// A throwaway Redis Cluster: `masters × (1 + replicasPerMaster)` throwaway servers with
/// `--cluster-enabled yes` (each in its own temporary directory, persistence off, on a free
/// loopback port), joined by `redis-cli --cluster create … --cluster-yes`, ready once every
/// node reports `cluster_state:ok`. `stop()` stops each server by its PID. Used by
/// `rwb --local-cluster` and the cluster tests; `scripts/cluster` does the same from the shell.
public final class LocalCluster: Sendable {
    public let servers: [ThrowawayServer]

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let masters: Int
    public let replicasPerMaster: Int

    private init(servers: [ThrowawayServer], masters: Int, replicasPerMaster: Int) {
        self.servers = servers
        self.masters = masters
        self.replicasPerMaster = replicasPerMaster
    }

    /// How to reach the cluster: the first node, in cluster mode.
    public var options: ConnectionOptions {
        var options = servers[0].options
        options.cluster = .on
        return options
    }

    public static func start(masters: Int = 3, replicasPerMaster: Int = 1, clock: any WorkClock = SystemClock()) async throws
        -> LocalCluster
    {
        guard masters >= 3 else { throw Failure(description: "a Redis Cluster needs at least 3 masters") }
        guard let redisCli = POSIX.findExecutable("redis-cli") else {
            throw Failure(description: "redis-cli was not found on PATH: install it (Debian/Ubuntu: apt-get install redis-tools)")
        }
        var servers: [ThrowawayServer] = []
        do {
            for _ in 0..<masters * (1 + replicasPerMaster) {
                // The bus port is chosen too: the default, port + 10000, may be taken or
                // above 65535 for a free port from the ephemeral range. A short node timeout,
                // so that a failover takes seconds.
                servers.append(
                    try await ThrowawayServer.start(
                        extraArguments: [
                            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                            "--cluster-port", String(try POSIX.freeLoopbackPort()),
                        ] + ThrowawayServer.replicationArguments))
            }
            let nodes = servers.compactMap { $0.port.map { "127.0.0.1:\($0)" } }
            let log = servers[0].directory + "/cluster-create.log"
            let pid = try POSIX.spawn(
                redisCli, ["--cluster", "create"] + nodes + ["--cluster-replicas", String(replicasPerMaster), "--cluster-yes"],
                outputPath: log)
            let deadline = clock.now + .seconds(60)
            var status: Int32?
            while status == nil {
                guard clock.now < deadline else {
                    POSIX.terminate(pid)
                    throw Failure(description: "redis-cli --cluster create did not finish within 60s")
                }
                try await clock.sleep(for: .milliseconds(20))
                status = POSIX.exitStatus(pid)
            }
            guard status == 0 else {
                let output = POSIX.readFile(log).map { String(decoding: $0, as: UTF8.self) } ?? ""
                throw Failure(description: "redis-cli --cluster create failed: \(output.suffix(600))")
            }
            let cluster = LocalCluster(servers: servers, masters: masters, replicasPerMaster: replicasPerMaster)
            try await cluster.waitUntilHealthy(timeout: .seconds(30), clock: clock)
            return cluster
        } catch {
            servers.forEach { $0.stop() }
            throw error
        }
    }

    /// Waits until every node says `cluster_state:ok` (all slots served), sees every master
    /// with all its replicas (just after `--cluster create` a replica may still look like a
    /// master without slots to some nodes), and every replica has synced with its master
    /// (until then it cannot take over: it would refuse to fail over).
    public func waitUntilHealthy(timeout: Duration, clock: any WorkClock = SystemClock()) async throws {
        let deadline = clock.now + timeout
        for server in servers {
            var probe = server.options
            probe.clientName = nil
            while true {
                if let connection = try? await RedisConnection.connect(probe) {
                    let info = try? await connection.send(["CLUSTER", "INFO"], timeout: .seconds(1))
                    let shards = try? await connection.send(["CLUSTER", "SHARDS"], timeout: .seconds(1))
                    let replication = try? await connection.send(["INFO", "replication"], timeout: .seconds(1))
                    await connection.close()
                    let synced = replication?.string.map { !$0.contains("role:slave") || $0.contains("master_link_status:up") } ?? false
                    if info?.string?.contains("cluster_state:ok") == true, synced, let shards,
                        let topology = try? ClusterTopology.fromShards(shards),
                        topology.shards.count == masters, topology.shards.allSatisfy({ $0.replicas.count == replicasPerMaster })
                    {
                        break
                    }
                }
                guard clock.now < deadline else {
                    throw Failure(description: "node \(server.options.addressDescription) did not reach cluster_state:ok within \(timeout)")
                }
                try await clock.sleep(for: .milliseconds(50))
            }
        }
    }

    public func stop() {
        servers.forEach { $0.stop() }
    }
}
