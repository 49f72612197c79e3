import RESP

/// What the client, the reply formatter and the shell need to know about a command before
/// sending it, in one place: whether it may be sent again after a lost reply, whether it
/// turns the connection into a message stream, whether the shell should
/// ask first, whether it carries a password. Flags come from the generated
/// `CommandCatalog`; the rest are short hand-kept lists, each with the reason it exists.
public enum CommandFacts {
    /// It reads keys and writes none (the catalog's `readonly` flag): a cluster client may
    /// send it to a replica.
    public static func readsKeysOnly(_ command: RedisCommand) -> Bool {
        entry(command)?.flags.contains("readonly") ?? false
    }

    /// Running it twice is harmless: the catalog's `readonly` flag, or a command that reads
    /// server state without writing keys (PING, INFO, CONFIG GET… carry no `readonly` flag).
    public static func isSafeToResend(_ command: RedisCommand) -> Bool {
        guard let entry = entry(command) else { return false }
        return entry.flags.contains("readonly") || sideEffectFree.contains(entry.name)
    }

    /// SUBSCRIBE-like commands: answered by one confirmation per channel, then messages.
    public static let subscribeCommands: Set<String> = [
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE",
    ]

    /// After these the connection delivers messages until it is closed: a shell holds the
    /// prompt and prints them (SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, MONITOR).
    public static func streamsMessages(_ command: RedisCommand) -> Bool {
        ["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR"].contains(command.name)
    }

    /// A pub/sub delivery or (un)subscription confirmation: what a subscribed client reads,
    /// as opposed to another RESP3 push (a tracking invalidation). MONITOR's lines and RESP2's
    /// messages are not pushes and count as deliveries too.
    public static func isPubSubMessage(_ value: RESPValue) -> Bool {
        guard case .push(let items) = value else { return true }
        guard let kind = items.first?.string?.lowercased() else { return false }
        return [
            "message", "pmessage", "smessage", "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe",
        ].contains(kind)
    }

    /// A blocking command given no timeout (0), which waits until data arrives however long
    /// that is: BLPOP and its kin, BLMPOP/BZMPOP (timeout first), XREAD/XREADGROUP BLOCK 0.
    public static func blocksForever(_ command: RedisCommand) -> Bool {
        let timeout: String?
        switch command.name {
        case "BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BZPOPMIN", "BZPOPMAX":
            timeout = command.arguments.last.map { String(decoding: $0, as: UTF8.self) }
        case "BLMPOP", "BZMPOP":
            timeout = command.argument(1)
        case "XREAD", "XREADGROUP":
            let words = command.arguments.map { String(decoding: $0, as: UTF8.self).uppercased() }
            timeout = words.firstIndex(of: "BLOCK").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
        default:
            timeout = nil
        }
        return timeout.flatMap(Double.init) == 0
    }

    /// Why the shell asks before sending it (it can destroy data or stop the server), or nil.
    public static func dangerReason(_ command: RedisCommand) -> String? {
        let sub = command.argument(1)?.uppercased()
        switch command.name {
        case "FLUSHALL": return "FLUSHALL deletes every key in every database."
        case "FLUSHDB": return "FLUSHDB deletes every key in this database."
        case "SHUTDOWN": return "SHUTDOWN stops the server."
        case "DEBUG": return "DEBUG can crash, block or corrupt the server."
        case "KEYS": return "KEYS blocks the server while it walks the whole keyspace (SCAN does not)."
        case "CONFIG" where sub == "SET": return "CONFIG SET changes the running server."
        case "SCRIPT" where sub == "FLUSH": return "SCRIPT FLUSH drops every cached script."
        case "FUNCTION" where sub == "FLUSH": return "FUNCTION FLUSH deletes every function library."
        default: return nil
        }
    }

    /// It carries a password: never written to history, hidden in traces, redacted in
    /// transcripts and reports. `arguments` are lower-cased, without a repeat count.
    public static func carriesSecret(lowercased arguments: ArraySlice<String>) -> Bool {
        guard let command = arguments.first else { return false }
        let rest = arguments.dropFirst()
        switch command {
        case "auth":
            return true
        case "hello":
            return rest.contains("auth")
        case "acl":
            return ["setuser", "getuser", "deluser"].contains(rest.first ?? "")
        case "config":
            return rest.first == "set" && rest.dropFirst().contains { secretConfigParameters.contains($0) }
        case "migrate":
            return rest.contains("auth") || rest.contains("auth2")
        case "sentinel":
            return rest.contains { ["auth-pass", "auth-user", "sentinel-pass"].contains($0) }
        default:
            return false
        }
    }

    private static let secretConfigParameters: Set<String> = [
        "requirepass", "masterauth", "masteruser", "tls-key-file-pass", "tls-client-key-file-pass",
    ]

    /// Commands with no `readonly` flag that still change no key and no setting.
    private static let sideEffectFree: Set<String> = [
        "PING", "ECHO", "INFO", "TIME", "ROLE", "LASTSAVE", "LOLWUT", "DBSIZE",
        "CLIENT ID", "CLIENT INFO", "CLIENT LIST", "CLIENT GETNAME",
        "CLUSTER INFO", "CLUSTER NODES", "CLUSTER SLOTS", "CLUSTER SHARDS",
        "COMMAND COUNT", "COMMAND DOCS", "COMMAND INFO", "COMMAND LIST", "CONFIG GET",
        "MEMORY STATS", "MEMORY USAGE", "MEMORY DOCTOR", "LATENCY DOCTOR", "LATENCY LATEST",
        "OBJECT ENCODING", "OBJECT FREQ", "OBJECT IDLETIME", "OBJECT REFCOUNT", "SLOWLOG GET", "SLOWLOG LEN",
    ]

    /// The catalog entry for the command, its subcommand where it has one.
    static func entry(_ command: RedisCommand) -> CommandInfo? {
        guard let first = command.arguments.first else { return nil }
        guard let top = byName[String(decoding: first, as: UTF8.self).uppercased()] else { return nil }
        guard !top.subcommands.isEmpty, command.arguments.count > 1 else { return top }
        return byName[top.name + " " + String(decoding: command.arguments[1], as: UTF8.self).uppercased()] ?? top
    }

    private static let byName: [String: CommandInfo] = {
        var table: [String: CommandInfo] = [:]
        for entry in CommandCatalog.entries { table[entry.name] = entry }
        return table
    }()
}
