import RESP
import RedisClient

/// What one failover run needs to know about the deployment it breaks: its shards (a
/// cluster's masters, or Sentinel's one master), the shard each key lives on, the master to
/// crash, and how to tell that a replica has taken over.
struct FailoverTarget: Sendable {
    struct Shard: Sendable {
        var slots: String
        var master: String
    }

    var shards: [Shard]
    var shardOfKey: [Int]
    var victimShard: Int
    var victimPort: Int
    /// The replica that will take over (the one `--replica-lag` puts to sleep).
    var victimReplica: ConnectionOptions.Address?
    /// Polls until a replica serves the victim's shard; returns each shard's master then.
    var waitForFailover: @Sendable () async throws -> [String]
    /// A cluster's `cluster-require-full-coverage`, read from a surviving master.
    var requireFullCoverage: String? = nil
    /// The deployment's shape and timeouts as read from it before the crash (never assumed):
    /// masters serving slots, the fewest replicas any of them has, a cluster's
    /// `cluster-node-timeout`, and Sentinel's quorum and `down-after-milliseconds`. A
    /// setting is nil when no node said, or when the nodes that did disagree.
    var deployment = DeploymentReading()

    struct DeploymentReading: Sendable, Equatable {
        var masters = 0
        var replicasPerMaster = 0
        var nodeTimeoutMs: Int? = nil
        var quorum: Int? = nil
        var downAfterMs: Int? = nil
    }

    /// The one value every node that answered gave, or nil (none answered, or they disagree).
    static func agreed(_ values: [Int?]) -> Int? {
        let answered = Set(values.compactMap { $0 })
        return answered.count == 1 ? answered.first : nil
    }

    /// A cluster's masters as shards; `choice` picks the victim.
    static func cluster(_ admin: DeploymentClient, names: [String], choice: UInt64, clock: any WorkClock) async throws -> FailoverTarget {
        guard let before = try await admin.clusterTopology() else { throw LabError("the throwaway cluster does not answer as a cluster") }
        let masters = before.masters
        let victimShard = Int(choice % UInt64(masters.count))
        let victim = masters[victimShard]
        let firstSlots = masters.map { master in
            before.shards.first { $0.master?.port == master.port }?.slots.first.flatMap { HashSlot($0.lowerBound) }
        }
        let survivor = masters.first { $0.port != victim.port }?.address ?? victim.address
        // Whether the other shards stop too while a slot has no master: read, not assumed.
        let coverage = try? await admin.send(["CONFIG", "GET", "cluster-require-full-coverage"], to: survivor)
        // The node timeout as each node of the serving shards has it.
        var timeouts: [Int?] = []
        for node in before.shards.filter({ !$0.slots.isEmpty }).flatMap(\.nodes) {
            let reply = try? await admin.send(["CONFIG", "GET", "cluster-node-timeout"], to: node.address)
            timeouts.append(reply.flatMap(configValue).flatMap { Int($0) })
        }
        let serving = before.shards.filter { !$0.slots.isEmpty && $0.master != nil }
        let reading = DeploymentReading(
            masters: masters.count, replicasPerMaster: serving.map(\.replicas.count).min() ?? 0, nodeTimeoutMs: agreed(timeouts))
        return FailoverTarget(
            shards: masters.map { master in
                Shard(slots: before.shards.first { $0.master?.port == master.port }?.rangesText ?? "-", master: master.name)
            },
            shardOfKey: names.map { name in masters.firstIndex { $0.port == before.master(of: HashSlot(key: name))?.port } ?? -1 },
            victimShard: victimShard, victimPort: victim.port,
            victimReplica: before.shards.first { $0.master?.port == victim.port }?.replicas.first?.address,
            waitForFailover: {
                let deadline = clock.now + .seconds(60)
                while clock.now < deadline {
                    if let reply = try? await admin.send(["CLUSTER", "SHARDS"], to: survivor),
                        let topology = try? ClusterTopology.fromShards(reply),
                        let slot = firstSlots[victimShard], let master = topology.master(of: slot), master.port != victim.port,
                        master.health != "failed"
                    {
                        return firstSlots.map { $0.flatMap { topology.master(of: $0)?.name } ?? "none" }
                    }
                    try await clock.sleep(for: .milliseconds(20))
                }
                throw LabError("no replica took over from \(victim.name) within 60s")
            }, requireFullCoverage: coverage.flatMap(Self.yesOrNo), deployment: reading)
    }

    /// CONFIG GET's value (RESP2: [name, value]; RESP3: a map) when it is `yes` or `no`.
    static func yesOrNo(_ reply: RESPValue) -> String? {
        configValue(reply).flatMap { ["yes", "no"].contains($0) ? $0 : nil }
    }

    /// The value of a CONFIG GET of one setting (RESP2: [name, value]; RESP3: a map).
    static func configValue(_ reply: RESPValue) -> String? {
        let value = reply.elements.flatMap { $0.count == 2 ? $0[1] : nil } ?? reply.mapEntries?.first?.1
        return value?.string
    }

    /// `quorum` and `down-after-milliseconds` from a `SENTINEL MASTER` reply (RESP2: flat
    /// name, value pairs; RESP3: a map), each nil when absent or not a number.
    static func sentinelSettings(_ reply: RESPValue) -> (quorum: Int?, downAfterMs: Int?) {
        let fields = reply.fieldsByName ?? [:]
        func number(_ name: String) -> Int? { fields[name].flatMap { $0.int.map(Int.init) ?? $0.string.flatMap { Int($0) } } }
        return (number("quorum"), number("down-after-milliseconds"))
    }

    /// Sentinel's master as the one shard.
    static func sentinel(_ servers: any ThrowawayDeployment, names: [String], context: LabContext) async throws -> FailoverTarget {
        guard let sentinel = servers.options.sentinel else { throw LabError("the throwaway deployment has no sentinel") }
        let before = try await context.sentinelMaster(of: servers)
        guard case .tcp(_, let port) = before else { throw LabError("Sentinel named a master that is not on TCP") }
        // The replica, from the master's INFO replication (`slave0:ip=…,port=…,…`).
        let master = try await context.connection(to: before, of: servers, commandTimeout: .seconds(2))
        let replication = try await ServerInfo.fetch(["replication"], from: master)
        await master.close()
        let slave = replication["slave0"].map(ServerInfo.subfields) ?? [:]
        let replica = slave["ip"].flatMap { ip in
            slave["port"].flatMap { Int($0) }.map { ConnectionOptions.Address.tcp(host: ip, port: $0) }
        }
        // Quorum and down-after as each sentinel has them for this master.
        var quorums: [Int?] = []
        var downAfters: [Int?] = []
        for node in sentinel.nodes {
            guard let connection = try? await context.connection(to: node, of: servers, commandTimeout: .seconds(2), named: false)
            else { continue }
            let reply = try? await connection.send(["SENTINEL", "MASTER", sentinel.masterName])
            await connection.close()
            let settings = reply.map(sentinelSettings)
            quorums.append(settings?.quorum)
            downAfters.append(settings?.downAfterMs)
        }
        let reading = DeploymentReading(
            masters: 1, replicasPerMaster: replication["connected_slaves"].flatMap { Int($0) } ?? 0, quorum: agreed(quorums),
            downAfterMs: agreed(downAfters))
        return FailoverTarget(
            shards: [Shard(slots: "all", master: before.description)], shardOfKey: names.map { _ in 0 }, victimShard: 0, victimPort: port,
            victimReplica: replica,
            waitForFailover: {
                let deadline = context.clock.now + .seconds(60)
                while context.clock.now < deadline {
                    if let now = try? await context.sentinelMaster(of: servers), now != before {
                        return [now.description]
                    }
                    try await context.clock.sleep(for: .milliseconds(20))
                }
                throw LabError("Sentinel promoted no replica of \(before) within 60s")
            }, deployment: reading)
    }
}
