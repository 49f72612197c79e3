import RedisClient

/// A Redis Cluster the workbench started for one lab run, which the lab may break: the
/// failover lab crashes one of its masters. Labs get one from `LabContext.startCluster`.
public protocol ThrowawayCluster: Sendable {
    /// How to reach it: its first node, in cluster mode.
    var options: ConnectionOptions { get }
    /// Kills the node listening on `port` with SIGKILL, as a crash or an OOM kill would.
    func crash(port: Int) throws
    /// Stops every node (by PID) and removes their directories.
    func stop()
}
