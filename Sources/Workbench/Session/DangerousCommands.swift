import RESP

/// Commands that can destroy data or stop the server: the REPL asks before sending them.
enum DangerousCommands {
    /// KEYS asks only from this many keys in the database: below it, it is quick.
    static let largeKeyspace: Int64 = 10_000

    /// Why `command` deserves a confirmation, or nil when it does not.
    static func reason(_ command: RedisCommand) -> String? {
        switch command.name {
        case "FLUSHALL": return "FLUSHALL deletes every key in every database."
        case "FLUSHDB": return "FLUSHDB deletes every key in this database."
        case "SHUTDOWN": return "SHUTDOWN stops the server."
        case "DEBUG": return "DEBUG can crash, block or corrupt the server."
        case "KEYS": return "KEYS blocks the server while it walks the whole keyspace (SCAN does not)."
        case "CONFIG" where command.argument(1)?.uppercased() == "SET": return "CONFIG SET changes the running server."
        case "SCRIPT" where command.argument(1)?.uppercased() == "FLUSH": return "SCRIPT FLUSH drops every cached script."
        case "FUNCTION" where command.argument(1)?.uppercased() == "FLUSH": return "FUNCTION FLUSH deletes every function library."
        default: return nil
        }
    }
}
