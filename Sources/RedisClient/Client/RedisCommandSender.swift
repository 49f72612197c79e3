import RESP

/// The narrow interface labs and tools use to talk to Redis: one command, or a pipeline.
/// Error replies come back as values; use `call` to have them thrown.
public protocol RedisCommandSender: Sendable {
    func send(_ command: RedisCommand) async throws -> RESPValue
    /// Sends all commands in one write and returns their replies in order.
    func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue]
}

extension RedisCommandSender {
    /// Sends a command and throws `RedisServerError` for an error reply.
    @discardableResult
    public func call(_ arguments: String...) async throws -> RESPValue {
        try await call(RedisCommand(arguments))
    }

    /// Sends a command and throws `RedisServerError` for an error reply.
    @discardableResult
    public func call(_ command: RedisCommand) async throws -> RESPValue {
        let reply = try await send(command)
        if let message = reply.errorMessage { throw RedisServerError(message) }
        return reply
    }
}
