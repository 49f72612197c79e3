import RedisClient
import Workbench

/// A throwaway Sentinel deployment (master, replica, sentinel) for one test, stopped afterwards.
public enum SentinelFixture {
    public static func withSentinel<T>(_ body: (LocalSentinel) async throws -> T) async throws -> T {
        let deployment = try await LocalSentinel.start()
        return try await TestShell.run({ try await body(deployment) }, thenOffThePool: deployment.stop)
    }

    /// A client that finds the master through the sentinel, with a command timeout.
    public static func client(_ deployment: LocalSentinel) -> RedisClient {
        var options = deployment.options
        options.commandTimeout = .seconds(5)
        return RedisClient(options)
    }
}
