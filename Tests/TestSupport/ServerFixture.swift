import RESP
import RedisClient
import Testing
import Workbench

#if canImport(Glibc)
import Glibc
#endif

/// The one way integration tests get a Redis: a throwaway `redis-server` of their own.
/// Outside CI the tests are skipped when redis-server is not installed; under `CI=true`
/// they run and fail, so a CI machine without Redis can never pass by skipping.
public enum ServerFixture {
    public static var redisServerInstalled: Bool {
        ["/usr/bin", "/usr/local/bin", "/bin"].contains { access("\($0)/redis-server", X_OK) == 0 }
    }

    public static var shouldRun: Bool {
        redisServerInstalled || ProcessEnvironment.variables["CI"] == "true"
    }

    /// Runs `body` against a fresh server and stops the server afterwards, whatever happens.
    /// The wait for its first PONG is generous: in the suite's first half-minute its CPU-bound
    /// property tests hold both of Swift's cooperative threads on a 2-CPU machine, and servers
    /// started then were reported as not answering within 30 s.
    public static func withServer<T>(
        unixSocket: Bool = false,
        arguments: [String] = [],
        _ body: (ThrowawayServer) async throws -> T
    ) async throws -> T {
        let server = try await ThrowawayServer.start(unixSocket: unixSocket, extraArguments: arguments, readyTimeout: .seconds(120))
        return try await TestShell.run({ try await body(server) }, thenOffThePool: server.stop)
    }

    /// A client for `server`, with a command timeout so that no test can hang.
    public static func client(
        _ server: ThrowawayServer, protocolVersion: Int = 2, configure: (inout ConnectionOptions) -> Void = { _ in }
    ) -> RedisClient {
        var options = server.options
        options.protocolVersion = protocolVersion
        options.commandTimeout = .seconds(10)
        configure(&options)
        return RedisClient(options)
    }
}

/// Tests that need a real server carry this trait.
extension Trait where Self == ConditionTrait {
    public static var needsRedis: Self {
        .enabled(if: ServerFixture.shouldRun, "redis-server is not installed (apt-get install redis-server)")
    }
}
