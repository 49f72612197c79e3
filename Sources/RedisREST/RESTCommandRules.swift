import RESP
import RedisCommands

/// Which commands the endpoint runs. Requests share a few connections to Redis, so a command
/// that would change a connection for everyone after it (SELECT, AUTH, CLIENT REPLY…),
/// hold it (BLPOP, WAIT) or turn it into a message stream (SUBSCRIBE, MONITOR) is refused
/// with the reason and what to do instead. A read-only token runs only what writes nothing.
///
/// Every command of every request passes here, so it is one table lookup by name for the
/// commands that run (a `/pipeline` of GETs spent 14% of the endpoint's time in the lists
/// and catalog lookups this replaced).
public enum RESTCommandRules {
    /// Why the endpoint will not run `command`, or nil. Inside a transaction a blocking
    /// command does not block (Redis runs it as its non-blocking form), so it may run there.
    public static func refusal(_ command: RedisCommand, inTransaction: Bool = false) -> String? {
        let name = command.name
        guard let kind = kinds[name] else { return nil }
        switch kind {
        case .stream:
            return "\(name) streams messages: GET /\(name.lowercased())/… on this endpoint answers as server-sent events"
        case .transaction:
            return "\(name) needs a connection of its own: POST the commands to /multi-exec to run them as one transaction"
        case .connectionState:
            return "\(name) would change the connection this endpoint shares between requests"
        case .subcommandState(let subcommands):
            guard let sub = command.argument(1)?.uppercased(), subcommands.contains(sub) else { return nil }
            return "\(name) \(sub) would change the connection this endpoint shares between requests"
        case .blocking, .blockingWithOption:
            if inTransaction { return nil }
            if kind == .blockingWithOption
                && !command.arguments.dropFirst().contains(where: {
                    $0.count == 5 && String(decoding: $0, as: UTF8.self).uppercased() == "BLOCK"
                })
            {
                return nil
            }
            return
                "\(name) blocks, and would hold the connection this endpoint shares between requests: use the non-blocking form (LPOP, ZPOPMIN, XREAD without BLOCK) and poll"
        }
    }

    /// Why a read-only token may not run `command`, or nil: it may run what the catalog
    /// marks read-only and the commands that read server state and change nothing.
    public static func readOnlyRefusal(_ command: RedisCommand) -> String? {
        CommandFacts.isSafeToResend(command) ? nil : "NOPERM this token is read-only, and \(command.name) may write"
    }

    private enum Kind: Equatable {
        case stream
        case transaction
        case connectionState
        /// CLIENT SETNAME changes the connection, CLIENT LIST does not.
        case subcommandState(Set<String>)
        /// The catalog's `blocking` flag, and WAIT.
        case blocking
        /// XREAD and XREADGROUP block only with BLOCK.
        case blockingWithOption
    }

    private static let kinds: [String: Kind] = {
        var table: [String: Kind] = [:]
        for entry in CommandCatalog.entries where !entry.name.contains(" ") && entry.flags.contains("blocking") {
            table[entry.name] = .blocking
        }
        table["WAIT"] = .blocking
        table["XREAD"] = .blockingWithOption
        table["XREADGROUP"] = .blockingWithOption
        for name in CommandFacts.subscribeCommands.union(["MONITOR"]) { table[name] = .stream }
        for name in ["MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH"] { table[name] = .transaction }
        for name in ["SELECT", "AUTH", "HELLO", "RESET", "QUIT", "READONLY", "READWRITE", "SYNC", "PSYNC", "REPLCONF"] {
            table[name] = .connectionState
        }
        table["CLIENT"] = .subcommandState(["TRACKING", "REPLY", "SETNAME", "CACHING", "NO-EVICT", "NO-TOUCH", "SETINFO"])
        table["SCRIPT"] = .subcommandState(["DEBUG"])
        return table
    }()
}
