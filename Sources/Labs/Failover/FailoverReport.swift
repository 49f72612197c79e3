/// What `rwb lab failover` measured: one run per mode, each on fresh servers.
public struct FailoverReport: LabReport {
    /// Masters serving slots, and the fewest replicas any of them has, as read from the first
    /// cluster run's deployment (or the Sentinel one's when no cluster ran); each run has its
    /// own reading too.
    public var masters: Int
    public var replicasPerMaster: Int
    public var writers: Int
    public var keys: Int
    /// On the cluster.
    public var runs: [FailoverRun]
    /// On one master and one replica under a Sentinel.
    public var sentinelRuns: [FailoverRun]

    /// A crash and an election take what they take: every figure here depends on timing,
    /// except the shape of the cluster and the run's settings.
    public var timingDependent: [String] {
        let fields = [
            "killed_node", "writes_attempted", "acked_writes", "unconfirmed_writes", "client_errors", "lost_writes", "key_groups_with_loss",
            "failover_ms", "unavailable_ms", "p50_write_ms", "p99_write_ms", "shards", "read_back_errors", "unconfirmed_found",
            "unconfirmed_read_back_errors", "unconfirmed_on_crashed_shard", "unconfirmed_found_on_crashed_shard",
        ]
        return fields.map { "runs.*.\($0)" } + fields.map { "sentinel_runs.*.\($0)" }
    }
}

public struct FailoverRun: Encodable, Sendable {
    /// `no-wait` (asynchronous replication as it is) or `wait` (`WAIT 1 timeout` after each write).
    public var mode: String
    /// The master crashed with SIGKILL, `127.0.0.1:PORT`.
    public var killedNode: String
    public var writesAttempted: Int
    /// Writes the server acknowledged: OK, and with WAIT also confirmed by at least one replica.
    public var ackedWrites: Int
    /// With WAIT: OK from the master, but no replica confirmed it within the timeout.
    public var unconfirmedWrites: Int
    /// Error replies and lost connections (the outcome of those writes is unknown).
    public var clientErrors: Int
    /// Acknowledged writes the read-back after the failover does not find (EXISTS answered
    /// 0; an error reply is counted in `readBackErrors` instead).
    public var lostWrites: Int
    /// Key groups (hash tags) with at least one lost write.
    public var keyGroupsWithLoss: Int
    /// From the crash to the first moment a replica serves the crashed master's slots.
    public var failoverMs: Int
    /// How long the crashed master's shard answered no write (see `WriteLedger`).
    public var unavailableMs: Int
    /// Latency of every write the master answered OK, with its WAIT in the `wait` mode,
    /// confirmed or not (errors and lost connections are not timed).
    public var p50WriteMs: Double
    public var p99WriteMs: Double
    public var shards: [ShardOutage]
    /// On a cluster: `cluster-require-full-coverage` as a node answered CONFIG GET before the
    /// crash (`yes` or `no`); nil under Sentinel or when no node said.
    public var clusterRequireFullCoverage: String? = nil
    /// Acknowledged writes whose read-back EXISTS answered an error (or nothing): whether they
    /// survived is unknown, so they are counted neither found nor lost.
    public var readBackErrors: Int = 0
    /// With WAIT: unconfirmed writes the read-back after the failover found, and those whose
    /// read-back answered an error.
    public var unconfirmedFound: Int = 0
    public var unconfirmedReadBackErrors: Int = 0
    /// The unconfirmed writes to the crashed master's shard, and how many of those its new
    /// master has.
    public var unconfirmedOnCrashedShard: Int = 0
    public var unconfirmedFoundOnCrashedShard: Int = 0
    /// The deployment as read from it before the crash: masters serving slots (1 under
    /// Sentinel), the fewest replicas any of them has, and (nil when not read, or when the
    /// nodes disagreed) a cluster's `cluster-node-timeout` (every node's CONFIG GET) or
    /// Sentinel's quorum and `down-after-milliseconds` (every sentinel's SENTINEL MASTER).
    public var masters: Int = 0
    public var replicasPerMaster: Int = 0
    public var nodeTimeoutMs: Int? = nil
    public var sentinelQuorum: Int? = nil
    public var sentinelDownAfterMs: Int? = nil
}

public struct ShardOutage: Encodable, Sendable {
    public var shard: Int
    public var slots: String
    public var masterBefore: String
    public var masterAfter: String
    public var unavailableMs: Int
    public var clientErrors: Int
}
