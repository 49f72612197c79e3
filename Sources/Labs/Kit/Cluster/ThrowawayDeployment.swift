import RedisClient

/// Servers the workbench started for one lab run, which the lab may break: the failover lab
/// crashes a master of a cluster, or of a Sentinel deployment. Labs get them from
/// `LabContext.startCluster` and `startSentinel`.
public protocol ThrowawayDeployment: Sendable {
    /// How to reach it: a cluster's first node in cluster mode, or the sentinel.
    var options: ConnectionOptions { get }
    /// Kills the server listening on `port` with SIGKILL, as a crash or an OOM kill would.
    func crash(port: Int) throws
    /// Stops every server (by PID) and removes their directories.
    func stop()
}
