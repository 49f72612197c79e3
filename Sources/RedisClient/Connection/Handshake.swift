import RESP

/// What a new connection sends before its first command: HELLO 3 (with AUTH and SETNAME
/// folded in) when RESP3 is asked for, else AUTH, then SELECT and CLIENT SETNAME as needed.
/// Shared by `RedisConnection` (NIO) and `BlockingConnection` (one-shot commands), so both
/// say the same thing to the server and fail with the same messages.
enum Handshake {
    /// Runs the handshake through `exchange`, which sends commands (a pipeline) and returns
    /// their replies in order. Returns the protocol version settled on and, when RESP3 was
    /// asked for and refused, the notice to show.
    static func run(
        _ options: ConnectionOptions, exchange: ([RedisCommand]) async throws -> [RESPValue]
    ) async throws -> (version: Int, notice: String?) {
        var version = 2
        var notice: String?
        var authenticated = false
        if options.protocolVersion == 3 {
            var hello = ["HELLO", "3"]
            if let password = options.password {
                hello += ["AUTH", options.username ?? "default", password]
            }
            if let name = options.clientName { hello += ["SETNAME", name] }
            let reply = try await exchange([RedisCommand(hello)])[0]
            if let message = reply.errorMessage {
                guard message.hasPrefix("ERR unknown command") || message.hasPrefix("NOPROTO") else {
                    throw RedisClientError.handshakeFailed("HELLO 3 failed: \(message)")
                }
                notice = "this server does not speak RESP3 (HELLO 3 answered: \(message)); using RESP2"
            } else {
                version = 3
                authenticated = true
            }
        }
        var setup: [RedisCommand] = []
        if !authenticated, let password = options.password {
            setup.append(options.username.map { RedisCommand("AUTH", $0, password) } ?? RedisCommand("AUTH", password))
        }
        if options.database != 0 { setup.append(RedisCommand("SELECT", String(options.database))) }
        let setName = version == 2 && options.clientName != nil
        if setName, let name = options.clientName { setup.append(RedisCommand("CLIENT", "SETNAME", name)) }
        let replies = setup.isEmpty ? [] : try await exchange(setup)
        for (command, reply) in zip(setup, replies) {
            guard let message = reply.errorMessage else { continue }
            // CLIENT SETNAME is a courtesy: a server or ACL that refuses it is not an error.
            // Any other error in its place is (a server at maxclients writes its error in
            // place of the first reply, then closes).
            if command.name == "CLIENT" {
                if isRefusal(message) { continue }
                throw RedisClientError.handshakeFailed(message)
            }
            throw RedisClientError.handshakeFailed("\(command.name) failed: \(message)")
        }
        return (version, notice)
    }

    /// A server that does not know the command (old, or renamed away) or an ACL that forbids
    /// it.
    static func isRefusal(_ message: String) -> Bool {
        message.hasPrefix("NOPERM") || message.hasPrefix("ERR unknown command") || message.hasPrefix("ERR unknown subcommand")
    }
}
