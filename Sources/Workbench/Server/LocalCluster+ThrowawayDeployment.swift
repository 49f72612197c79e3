import Labs

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The failover lab crashes a node of the cluster the runner started for it.
extension LocalCluster: ThrowawayDeployment {
    public func crash(port: Int) throws {
        guard let server = servers.first(where: { $0.port == port }) else {
            throw Failure(description: "no node of this cluster listens on port \(port)")
        }
        kill(server.pid, SIGKILL)
    }
}

/// And the master of the Sentinel deployment.
extension LocalSentinel: ThrowawayDeployment {}
