import KVServer
import RESP
import RedisClient

/// The tutorial's rate limiter and cache-aside read, the same seeded user requests run four
/// ways: over RESP as ioredis sends them, over the Upstash REST protocol one command per HTTP
/// request as @vercel/kv sends them, and batched into `/pipeline` and `/multi-exec`. The REST
/// endpoint is `rwb kv serve`'s, started in this process on loopback in front of the lab's
/// server. Counted for each: commands, round trips, bytes on the socket, what the limiter and
/// the cache met (checked against an in-process model), and latency per user request.
public struct ServerlessLab: Lab {
    public static let name = "serverless"
    public static let summary =
        "the tutorial's limiter + cache-aside over RESP, over REST one command per request, over /pipeline and /multi-exec: round trips, bytes, latency"

    public var requests: Int
    public var users: Int
    /// Requests a user may make in the limiter's window.
    public var limit: Int
    /// Size of the cached profile (JSON).
    public var valueBytes: Int
    public var modes: [ServerlessMode]

    /// Long enough that no window ends during a run: the counts do not depend on its speed.
    static let windowSeconds = 3600

    public init(requests: Int, users: Int, limit: Int, valueBytes: Int, modes: [ServerlessMode] = ServerlessMode.allCases) {
        self.requests = requests
        self.users = users
        self.limit = limit
        self.valueBytes = valueBytes
        self.modes = modes
    }

    public func run(_ context: LabContext) async throws -> ServerlessReport {
        guard let options = context.serverOptions else { throw LabError("the serverless lab needs the session's server") }
        let workload = ServerlessWorkload(requests: requests, userCount: users, limit: limit, seed: context.seed)
        let model = workload.model()
        var report = ServerlessReport(
            requests: requests, users: users, limit: limit, valueBytes: valueBytes, modelAllowed: model.allowed, modelDenied: model.denied,
            modelHits: model.hits, modelDatabaseQueries: model.databaseQueries)
        let endpoint = try await LabEndpoint.start(in: options)
        do {
            for (index, mode) in modes.enumerated() {
                context.progress.update(phase: mode.rawValue, done: index, total: modes.count)
                let run = ServerlessRun(mode: mode, workload: workload, model: model, valueBytes: valueBytes, context: context)
                report.modes.append(mode == .resp ? try await run.overRESP() : try await run.overREST(endpoint.client))
                try Task.checkCancellation()
            }
        } catch {
            await endpoint.stop()
            throw LabStopped(partial: report, reason: error)
        }
        await endpoint.stop()
        return report
    }
}
