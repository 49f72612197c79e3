import RESP
import RedisCommands

/// Which commands the endpoint runs. Requests share a few connections to Redis, so a command
/// that would change a connection for everyone after it (SELECT, AUTH, CLIENT REPLY…),
/// hold it (BLPOP, WAIT) or turn it into a message stream (SUBSCRIBE, MONITOR) is refused
/// with the reason and what to do instead. A read-only token runs only what writes nothing.
public enum RESTCommandRules {
    /// Why the endpoint will not run `command`, or nil. Inside a transaction a blocking
    /// command does not block (Redis runs it as its non-blocking form), so it may run there.
    public static func refusal(_ command: RedisCommand, inTransaction: Bool = false) -> String? {
        let name = command.name
        let sub = command.argument(1)?.uppercased()
        if CommandFacts.subscribeCommands.contains(name) || name == "MONITOR" {
            return "\(name) streams messages: GET /\(name.lowercased())/… on this endpoint answers as server-sent events"
        }
        if ["MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH"].contains(name) {
            return "\(name) needs a connection of its own: POST the commands to /multi-exec to run them as one transaction"
        }
        if connectionState.contains(name) || (name == "CLIENT" && sub.map(clientState.contains) == true)
            || (name == "SCRIPT" && sub == "DEBUG")
        {
            let spelled = name == "CLIENT" || name == "SCRIPT" ? "\(name) \(sub ?? "")" : name
            return "\(spelled) would change the connection this endpoint shares between requests"
        }
        if !inTransaction && CommandFacts.blocks(command) {
            return
                "\(name) blocks, and would hold the connection this endpoint shares between requests: use the non-blocking form (LPOP, ZPOPMIN, XREAD without BLOCK) and poll"
        }
        return nil
    }

    /// Why a read-only token may not run `command`, or nil: it may run what the catalog
    /// marks read-only and the commands that read server state and change nothing.
    public static func readOnlyRefusal(_ command: RedisCommand) -> String? {
        CommandFacts.isSafeToResend(command) ? nil : "NOPERM this token is read-only, and \(command.name) may write"
    }

    private static let connectionState: Set<String> = [
        "SELECT", "AUTH", "HELLO", "RESET", "QUIT", "READONLY", "READWRITE", "SYNC", "PSYNC", "REPLCONF",
    ]
    private static let clientState: Set<String> = [
        "TRACKING", "REPLY", "SETNAME", "CACHING", "NO-EVICT", "NO-TOUCH", "SETINFO",
    ]
}
