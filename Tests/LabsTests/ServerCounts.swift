import Labs
import RESP
import RedisClient

/// What a server itself counted, read independently of a lab: INFO commandstats' calls per
/// command (`get`, `set`, `script|load`), so a test can compare a lab's figure with the
/// server's own count rather than with the lab's arithmetic.
struct CommandCalls {
    var calls: [String: Int64]

    static func read(_ client: RedisClient) async throws -> CommandCalls {
        CommandCalls(calls: ServerInfo(try await client.call("INFO", "commandstats").string ?? "").commandCalls)
    }

    /// Calls of `name` since `before`.
    func since(_ before: CommandCalls, _ name: String) -> Double {
        Double((calls[name] ?? 0) - (before.calls[name] ?? 0))
    }
}
