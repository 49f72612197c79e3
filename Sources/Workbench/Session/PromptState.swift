import RESP
import RedisClient

/// What the prompt shows besides the address, and what a reconnect must restore: whether
/// the session has ever answered, and whether a MULTI is open.
struct PromptState: Sendable {
    /// A reply has come since the last `.connect`: a later loss shows `not connected>`.
    var connectedOnce = false
    var inTransaction = false

    /// The prompt, as redis-cli draws it: `127.0.0.1:6379[2](TX)> `; a REST endpoint as
    /// `127.0.0.1:8079(rest)> ` (its host and port: never its token).
    func prompt(options: ConnectionOptions, isConnected: Bool) -> String {
        guard isConnected || !connectedOnce else { return "not connected> " }
        var text: String
        switch options.address {
        case .tcp: text = options.addressDescription
        case .unix(let path): text = "redis \(path)"
        }
        if options.database != 0 { text += "[\(options.database)]" }
        if options.rest != nil { text += "(rest)" }
        if inTransaction { text += "(TX)" }
        return text + "> "
    }

    /// SELECT, MULTI, EXEC and DISCARD change what the prompt shows and what a reconnect
    /// does. Returns the database a successful SELECT chose, for the client to keep.
    mutating func note(_ command: RedisCommand, reply: RESPValue) -> Int? {
        guard !reply.isError || command.name == "EXEC" else { return nil }
        switch command.name {
        case "SELECT": return command.argument(1).flatMap { Int($0) }
        case "MULTI": inTransaction = true
        case "EXEC", "DISCARD": inTransaction = false
        default: break
        }
        return nil
    }
}
