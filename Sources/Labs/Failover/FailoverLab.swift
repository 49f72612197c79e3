import RESP
import RedisClient

/// `rwb lab failover`: writers put increasing sequence numbers under keys spread over every
/// slot of a throwaway cluster (3 masters, 1 replica each); one master is crashed with
/// SIGKILL; its replica is elected; the lab reports how long that shard did not answer, how
/// many writes failed, and how many acknowledged writes a read-back no longer finds. Then
/// the same on a fresh cluster with `WAIT 1 timeout` after each write: what waiting for a
/// replica buys, and what it costs in latency.
public struct FailoverLab: Lab {
    public static let name = "failover"
    public static let summary = "Crash a master of a throwaway cluster under writes: downtime, errors, acknowledged writes lost, without and with WAIT"
    /// It runs on clusters of its own (it crashes one of their masters), never the session's server.
    public static var usesRedis: Bool { false }

    public enum Mode: String, Encodable, Sendable, CaseIterable {
        case noWait = "no-wait"
        case wait
    }

    public var writers: Int
    public var keys: Int
    /// Writing before the crash, and after the replica took over.
    public var beforeCrashMs: Int
    public var afterFailoverMs: Int
    /// `WAIT 1 <this>` after each write, in the `wait` mode.
    public var waitTimeoutMs: Int
    public var modes: [Mode]

    public init(writers: Int, keys: Int, beforeCrashMs: Int, afterFailoverMs: Int, waitTimeoutMs: Int, modes: [Mode]) {
        self.writers = writers
        self.keys = keys
        self.beforeCrashMs = beforeCrashMs
        self.afterFailoverMs = afterFailoverMs
        self.waitTimeoutMs = waitTimeoutMs
        self.modes = modes
    }

    public func run(_ context: LabContext) async throws -> FailoverReport {
        guard let startCluster = context.startCluster else { throw LabError("lab failover needs a throwaway cluster, and none can be started here") }
        var runs: [FailoverRun] = []
        for (index, mode) in modes.enumerated() {
            context.progress.update(phase: "\(mode.rawValue): starting a cluster", done: index, total: modes.count)
            let cluster = try await startCluster()
            defer { cluster.stop() }
            runs.append(try await run(mode, on: cluster, context: context))
        }
        return FailoverReport(masters: 3, replicasPerMaster: 1, writers: writers, keys: keys, runs: runs)
    }

    private func run(_ mode: Mode, on cluster: any ThrowawayCluster, context: LabContext) async throws -> FailoverRun {
        var options = cluster.options
        options.clientName = "rwb-lab"
        options.commandTimeout = .seconds(2)
        let admin = RedisClient(options, retryPolicy: .never, clock: context.clock)
        guard let before = try await admin.clusterTopology() else { throw LabError("the throwaway cluster does not answer as a cluster") }
        let masters = before.masters
        var generator = context.generator(stream: mode == .noWait ? 1 : 2)
        let victimShard = Int(generator.next() % UInt64(masters.count))
        let victim = masters[victimShard]
        let names = (0..<keys).map { context.keys.key("k", String($0)) }
        let shardOfKey = names.map { name in masters.firstIndex { $0.port == before.master(of: HashSlot(key: name))?.port } ?? -1 }

        let stop = StopSignal()
        let origin = context.clock.now
        let results = try await withThrowingTaskGroup(of: FailoverWriter.Result.self) { group in
            for index in 0..<writers {
                let writer = FailoverWriter(
                    keys: Array(stride(from: index, to: keys, by: writers)), names: names, shardOfKey: shardOfKey,
                    waitTimeoutMs: mode == .wait ? waitTimeoutMs : nil, clock: context.clock, origin: origin)
                group.addTask { [options] in await writer.run(options, until: stop) }
            }
            // However this ends (an error too), the writers stop: the group waits for them.
            defer { stop.raise() }
            // Crash the victim mid-run, then wait for a replica to serve its slots.
            try await context.clock.sleep(for: .milliseconds(beforeCrashMs))
            context.progress.update(phase: "\(mode.rawValue): crashed \(victim.name)", done: 0, total: 1)
            try cluster.crash(port: victim.port)
            let crashedAt = context.clock.now
            let failover = try await waitForFailover(of: victimShard, victim: victim, in: before, admin: admin, clock: context.clock)
            let failoverMs = Self.ms(failover.at - crashedAt)
            context.progress.update(phase: "\(mode.rawValue): \(failover.node) took over", done: 0, total: 1)
            try await context.clock.sleep(for: .milliseconds(afterFailoverMs))
            stop.raise()
            var results: [FailoverWriter.Result] = []
            for try await result in group { results.append(result) }
            return (results, failoverMs, failover.topology)
        }
        let endMs = Self.ms(context.clock.now - origin)

        // Read every key back from the cluster as it is now (the map asked afresh).
        _ = try await admin.clusterTopology()
        let values = try await admin.pipeline(names.map { ["GET", $0] })
        await admin.close()
        let readBack = values.map { $0.string.flatMap { Int($0) } ?? 0 }
        var acknowledged = [[Int]](repeating: [], count: keys)
        var latency = LatencyRecorder()
        var attempts: [WriteLedger.Attempt] = []
        var errorsByShard = [Int](repeating: 0, count: masters.count)
        for result in results.0 {
            for (key, sequence) in result.acknowledged { acknowledged[key].append(sequence) }
            latency.merge(result.latency)
            attempts += result.attempts
            for attempt in result.attempts where !attempt.answered && attempt.shard >= 0 { errorsByShard[attempt.shard] += 1 }
        }
        let lost = WriteLedger.lostWrites(acknowledged: acknowledged, readBack: readBack)
        let unavailable = WriteLedger.unavailableMs(attempts, shards: masters.count, endMs: endMs)
        let after = results.2
        let shards = masters.enumerated().map { index, master in
            let shard = before.shards.first { $0.master?.port == master.port }
            let now = shard?.slots.first.flatMap { HashSlot($0.lowerBound) }.flatMap { after.master(of: $0)?.name } ?? "none"
            return ShardOutage(
                shard: index + 1, slots: shard.map { Self.ranges($0.slots) } ?? "-", masterBefore: master.name, masterAfter: now,
                unavailableMs: unavailable[index], clientErrors: errorsByShard[index])
        }
        let summary = latency.summary
        return FailoverRun(
            mode: mode.rawValue, killedNode: victim.name, writesAttempted: attempts.count,
            ackedWrites: acknowledged.reduce(0) { $0 + $1.count }, unconfirmedWrites: results.0.reduce(0) { $0 + $1.unconfirmed },
            clientErrors: errorsByShard.reduce(0, +), lostWrites: lost.writes, keysRolledBack: lost.keys, failoverMs: results.1,
            unavailableMs: unavailable[victimShard], p50WriteMs: summary.p50, p99WriteMs: summary.p99, shards: shards)
    }

    /// Polls the surviving masters until one of the victim's replicas serves its slots.
    private func waitForFailover(
        of shard: Int, victim: ClusterTopology.Node, in before: ClusterTopology, admin: RedisClient, clock: any WorkClock
    ) async throws -> (at: Duration, node: String, topology: ClusterTopology) {
        let survivor = before.masters.first { $0.port != victim.port }?.address ?? victim.address
        let firstSlot = before.shards.first { $0.master?.port == victim.port }?.slots.first.flatMap { HashSlot($0.lowerBound) }
        let deadline = clock.now + .seconds(60)
        while clock.now < deadline {
            if let reply = try? await admin.send(["CLUSTER", "SHARDS"], to: survivor), let topology = try? ClusterTopology.fromShards(reply),
                let firstSlot, let master = topology.master(of: firstSlot), master.port != victim.port, master.health != "failed"
            {
                return (clock.now, master.name, topology)
            }
            try await clock.sleep(for: .milliseconds(20))
        }
        throw LabError("no replica took over from \(victim.name) within 60s")
    }

    static func ms(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    static func ranges(_ slots: [ClosedRange<Int>]) -> String {
        slots.map { $0.count == 1 ? String($0.lowerBound) : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }
}
