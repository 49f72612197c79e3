/// What `rwb lab failover` measured: one run per mode, each on a fresh cluster.
public struct FailoverReport: LabReport {
    public var masters: Int
    public var replicasPerMaster: Int
    public var writers: Int
    public var keys: Int
    public var runs: [FailoverRun]

    /// A crash and an election take what they take: every figure here depends on timing,
    /// except the shape of the cluster and the run's settings.
    public var timingDependent: [String] {
        ["runs.*.killed_node", "runs.*.writes_attempted", "runs.*.acked_writes", "runs.*.unconfirmed_writes", "runs.*.client_errors",
         "runs.*.lost_writes", "runs.*.keys_rolled_back", "runs.*.failover_ms", "runs.*.unavailable_ms", "runs.*.p50_write_ms",
         "runs.*.p99_write_ms", "runs.*.shards"]
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
    /// Acknowledged writes the read-back after the failover does not find.
    public var lostWrites: Int
    public var keysRolledBack: Int
    /// From the crash to the first moment a replica serves the crashed master's slots.
    public var failoverMs: Int
    /// How long the crashed master's shard answered no write (see `WriteLedger`).
    public var unavailableMs: Int
    public var p50WriteMs: Double
    public var p99WriteMs: Double
    public var shards: [ShardOutage]
}

public struct ShardOutage: Encodable, Sendable {
    public var shard: Int
    public var slots: String
    public var masterBefore: String
    public var masterAfter: String
    public var unavailableMs: Int
    public var clientErrors: Int
}
