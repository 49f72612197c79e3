import RedisClient
import Workbench

/// A throwaway Redis Cluster for one test, stopped afterwards whatever happens.
public enum ClusterFixture {
    public static func withCluster<T>(
        masters: Int = 3, replicasPerMaster: Int = 1, _ body: (LocalCluster) async throws -> T
    ) async throws -> T {
        let cluster = try await LocalCluster.start(masters: masters, replicasPerMaster: replicasPerMaster)
        return try await TestShell.run({ try await body(cluster) }, thenOffThePool: cluster.stop)
    }

    /// A cluster-mode client of `cluster`, with a command timeout so that no test can hang.
    public static func client(_ cluster: LocalCluster, configure: (inout ConnectionOptions) -> Void = { _ in }) -> RedisClient {
        var options = cluster.options
        options.commandTimeout = .seconds(10)
        configure(&options)
        return RedisClient(options)
    }
}
