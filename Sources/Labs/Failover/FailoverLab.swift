import RESP
import RedisClient

/// `rwb lab failover`: writers put increasing sequence numbers under keys spread over every
/// slot of a throwaway cluster (3 masters, 1 replica each); one master is crashed with
/// SIGKILL; its replica is elected; the lab reports how long that shard did not answer, how
/// many writes failed, and how many acknowledged writes a read-back no longer finds. Then
/// the same on a fresh cluster with `WAIT 1 timeout` after each write: what waiting for a
/// replica buys, and what it costs in latency. Then both again with one master, one replica
/// and three Sentinels, whose elected leader promotes the replica.
public struct FailoverLab: Lab {
    public static let name = "failover"
    public static let summary =
        "crash a master under writes, on a throwaway cluster and under Sentinel: downtime, errors, acked writes lost, with and without WAIT"
    /// It runs on clusters of its own (it crashes one of their masters), never the session's server.
    public static let needs = LabNeeds(server: .ownDeployment, writesKeys: false)

    public enum Mode: String, Encodable, Sendable, CaseIterable {
        case noWait = "no-wait"
        case wait
    }

    /// What is crashed: a master of a Redis Cluster, or the master Sentinel watches.
    public enum Deployment: String, Encodable, Sendable, CaseIterable {
        case cluster
        case sentinel
    }

    public var writers: Int
    public var keys: Int
    /// Writing before the crash, and after the replica took over.
    public var beforeCrashMs: Int
    public var afterFailoverMs: Int
    /// `WAIT 1 <this>` after each write, in the `wait` mode.
    public var waitTimeoutMs: Int
    /// Before the crash, the replica that will take over is cut off from its master this
    /// long, and the master crashed half-way through: the writes it acknowledged meanwhile
    /// never reach the replica. 0: no lag but the replication's own.
    public var replicaLagMs: Int
    public var modes: [Mode]
    public var deployments: [Deployment]

    public init(
        writers: Int, keys: Int, beforeCrashMs: Int, afterFailoverMs: Int, waitTimeoutMs: Int, replicaLagMs: Int = 0, modes: [Mode],
        deployments: [Deployment]
    ) {
        self.replicaLagMs = replicaLagMs
        self.deployments = deployments
        self.writers = writers
        self.keys = keys
        self.beforeCrashMs = beforeCrashMs
        self.afterFailoverMs = afterFailoverMs
        self.waitTimeoutMs = waitTimeoutMs
        self.modes = modes
    }

    public func run(_ context: LabContext) async throws -> FailoverReport {
        var runs: [FailoverRun] = []
        var sentinelRuns: [FailoverRun] = []
        let steps = modes.count * deployments.count
        var step = 0
        for deployment in deployments {
            let start = deployment == .cluster ? context.startCluster : context.startSentinel
            guard let start else { throw LabError("lab failover needs a throwaway \(deployment.rawValue), and none can be started here") }
            for mode in modes {
                context.progress.update(phase: "\(deployment.rawValue) \(mode.rawValue): starting", done: step, total: steps)
                step += 1
                let servers = try await start()
                defer { servers.stop() }
                let run = try await run(mode, on: servers, deployment: deployment, context: context)
                if deployment == .cluster { runs.append(run) } else { sentinelRuns.append(run) }
            }
        }
        // The shape as read from the deployments (the first cluster run's, else Sentinel's).
        let shape = runs.first ?? sentinelRuns.first
        return FailoverReport(
            masters: shape?.masters ?? 0, replicasPerMaster: shape?.replicasPerMaster ?? 0, writers: writers, keys: keys, runs: runs,
            sentinelRuns: sentinelRuns)
    }

    private func run(_ mode: Mode, on servers: any ThrowawayDeployment, deployment: Deployment, context: LabContext) async throws
        -> FailoverRun
    {
        let admin = context.client(of: servers, retry: .never, commandTimeout: .seconds(2))
        defer { Task { await admin.close() } }
        // Key groups: `{k17}` hash-tags every write of group 17 into one slot.
        let names = (0..<keys).map { context.keys.key("{k\($0)}") }
        var generator = context.generator(stream: mode == .noWait ? 1 : 2)
        let target =
            deployment == .cluster
            ? try await FailoverTarget.cluster(admin, names: names, choice: generator.next(), clock: context.clock)
            : try await FailoverTarget.sentinel(servers, names: names, context: context)

        let stop = StopSignal()
        let origin = context.clock.now
        let (results, failoverMs, mastersAfter) = try await withThrowingTaskGroup(of: FailoverWriter.Result.self) { group in
            for index in 0..<writers {
                let writer = FailoverWriter(
                    keys: Array(stride(from: index, to: keys, by: writers)), names: names, shardOfKey: target.shardOfKey,
                    waitTimeoutMs: mode == .wait ? waitTimeoutMs : nil, clock: context.clock, origin: origin)
                // One retry after a lost connection: the writer itself goes on after a failure.
                let client = context.client(
                    of: servers, retry: RetryPolicy(maxRetries: 1, step: .milliseconds(20), cap: .milliseconds(20)),
                    commandTimeout: .seconds(2))
                group.addTask { await writer.run(client, until: stop) }
            }
            // However this ends (an error too), the writers stop: the group waits for them.
            defer { stop.raise() }
            // Crash the victim mid-run, then wait for a replica to take over.
            try await context.clock.sleep(for: .milliseconds(beforeCrashMs))
            let victim = target.shards[target.victimShard].master
            if replicaLagMs > 0 { try await stall(target.victimReplica, of: servers, context: context) }
            context.progress.update(phase: "\(deployment.rawValue) \(mode.rawValue): crashed \(victim)", done: 0, total: 1)
            try servers.crash(port: target.victimPort)
            let crashedAt = context.clock.now
            let mastersAfter = try await target.waitForFailover()
            let failoverMs = Int((context.clock.now - crashedAt).milliseconds)
            context.progress.update(
                phase: "\(deployment.rawValue) \(mode.rawValue): \(mastersAfter[target.victimShard]) took over", done: 0, total: 1)
            try await context.clock.sleep(for: .milliseconds(afterFailoverMs))
            stop.raise()
            var results: [FailoverWriter.Result] = []
            for try await result in group { results.append(result) }
            return (results, failoverMs, mastersAfter)
        }
        let endMs = Int((context.clock.now - origin).milliseconds)

        // Read every key back as the deployment is now (the cluster's map, or the sentinel,
        // asked afresh).
        let reader = context.client(of: servers, retry: .standard, commandTimeout: .seconds(2))
        defer { Task { await reader.close() } }
        if deployment == .cluster { _ = try await reader.clusterTopology() }
        var acknowledged = [[Int]](repeating: [], count: keys)
        var unconfirmed = [[Int]](repeating: [], count: keys)
        var latency = LatencyRecorder()
        var attempts: [WriteLedger.Attempt] = []
        var errorsByShard = [Int](repeating: 0, count: target.shards.count)
        for result in results {
            for (key, sequence) in result.acknowledged { acknowledged[key].append(sequence) }
            for (key, sequence) in result.unconfirmedWrites { unconfirmed[key].append(sequence) }
            latency.merge(result.latency)
            attempts += result.attempts
            for attempt in result.attempts where !attempt.answered && attempt.shard >= 0 { errorsByShard[attempt.shard] += 1 }
        }
        // One EXISTS per acknowledged write, then per unconfirmed one, in one pipeline (split
        // per node by the client). A pipeline that fails as a whole leaves every read-back an
        // error, counted as such, not as lost.
        let groups = acknowledged + unconfirmed
        let checks: [RedisCommand] = groups.enumerated().flatMap { group, sequences in
            sequences.map { ["EXISTS", "\(names[group % keys]):\($0)"] }
        }
        var replies = ((try? await reader.pipeline(checks)) ?? [])[...]
        var answers: [[RESPValue]] = []
        for sequences in groups {
            answers.append(Array(replies.prefix(sequences.count)))
            replies = replies.dropFirst(sequences.count)
        }
        let ackedAnswers = Array(answers.prefix(keys))
        let unconfirmedAnswers = Array(answers.dropFirst(keys))
        let lost = WriteLedger.tally(writes: acknowledged, replies: ackedAnswers)
        let unconfirmedReadBack = WriteLedger.tally(writes: unconfirmed, replies: unconfirmedAnswers)
        // The unconfirmed writes to the crashed master's shard: what its new master has of them.
        let onVictim = unconfirmed.indices.map { target.shardOfKey[$0] == target.victimShard ? unconfirmed[$0] : [] }
        let victimReadBack = WriteLedger.tally(writes: onVictim, replies: unconfirmedAnswers)
        let unavailable = WriteLedger.unavailableMs(attempts, shards: target.shards.count, endMs: endMs)
        let shards = target.shards.enumerated().map { index, shard in
            ShardOutage(
                shard: index + 1, slots: shard.slots, masterBefore: shard.master, masterAfter: mastersAfter[index],
                unavailableMs: unavailable[index], clientErrors: errorsByShard[index])
        }
        let summary = latency.summary
        return FailoverRun(
            mode: mode.rawValue, killedNode: target.shards[target.victimShard].master, writesAttempted: attempts.count,
            ackedWrites: acknowledged.reduce(0) { $0 + $1.count }, unconfirmedWrites: results.reduce(0) { $0 + $1.unconfirmed },
            clientErrors: errorsByShard.reduce(0, +), lostWrites: lost.missing, keyGroupsWithLoss: lost.keyGroupsWithMissing,
            failoverMs: failoverMs,
            unavailableMs: unavailable[target.victimShard], p50WriteMs: summary.p50, p99WriteMs: summary.p99, shards: shards,
            clusterRequireFullCoverage: target.requireFullCoverage, readBackErrors: lost.errors,
            unconfirmedFound: unconfirmedReadBack.found,
            unconfirmedReadBackErrors: unconfirmedReadBack.errors, unconfirmedOnCrashedShard: onVictim.reduce(0) { $0 + $1.count },
            unconfirmedFoundOnCrashedShard: victimReadBack.found, masters: target.deployment.masters,
            replicasPerMaster: target.deployment.replicasPerMaster, nodeTimeoutMs: target.deployment.nodeTimeoutMs,
            sentinelQuorum: target.deployment.quorum, sentinelDownAfterMs: target.deployment.downAfterMs)
    }

    /// `--replica-lag`: the replica drops its link to the master (CLIENT KILL TYPE master) and
    /// is frozen by DEBUG SLEEP so it cannot reconnect; half the lag later the master is
    /// crashed. What the master acknowledged meanwhile stayed in its own buffers. (DEBUG
    /// SLEEP alone loses nothing: the stream waits in the replica's socket buffer.)
    private func stall(_ replica: ConnectionOptions.Address?, of servers: any ThrowawayDeployment, context: LabContext) async throws {
        guard let replica else { throw LabError("--replica-lag: the crashed master's replica is not known") }
        // No timeout: DEBUG SLEEP answers when the lag is over.
        let connection = try await context.connection(to: replica, of: servers, commandTimeout: nil)
        let seconds = String(Double(replicaLagMs) / 1000)
        Task {
            _ = try? await connection.pipeline([["CLIENT", "KILL", "TYPE", "master"], ["DEBUG", "SLEEP", seconds]])
            await connection.close()
        }
        try await context.clock.sleep(for: .milliseconds(replicaLagMs / 2))
    }
}
