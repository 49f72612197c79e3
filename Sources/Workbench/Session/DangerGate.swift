import RESP
import RedisClient
import RedisCommands

/// Asks before commands that can destroy data or stop the server (REPL on a terminal,
/// without `--yes`). KEYS asks only on a large keyspace, where it would block the server.
struct DangerGate: Sendable {
    /// KEYS asks only from this many keys in the database: below it, it is quick.
    static let largeKeyspace: Int64 = 10_000

    /// Asks the user; returns true to go ahead. Nil: never ask.
    var confirm: (@Sendable (String) async -> Bool)?

    /// True when `command` may be sent.
    func allows(_ command: RedisCommand, client: RedisClient) async -> Bool {
        guard let confirm, let reason = CommandFacts.dangerReason(command) else { return true }
        if command.name == "KEYS" {
            let size = try? await client.send(["DBSIZE"], timeout: .seconds(2)).int
            if (size ?? Int64.max) < Self.largeKeyspace { return true }
        }
        return await confirm("\(reason) Run `\(command)`?")
    }
}
