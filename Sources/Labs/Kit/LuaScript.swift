import RESP
import RedisClient
import Synchronization

/// A Lua script loaded once (SCRIPT LOAD) and called by EVALSHA; if the server's script
/// cache was flushed meanwhile (NOSCRIPT), it is loaded again and the call repeated.
public final class LuaScript: Sendable {
    public let source: String
    /// Called with EVALSHA_RO (Redis 7): the server refuses it any write.
    public let readOnly: Bool
    private let sha = Mutex<String?>(nil)

    public init(_ source: String, readOnly: Bool = false) {
        self.source = source
        self.readOnly = readOnly
    }

    /// Loads the script; returns its SHA1 as the server computed it.
    @discardableResult
    public func load(on sender: some RedisCommandSender) async throws -> String {
        let reply = try await sender.call("SCRIPT", "LOAD", source)
        guard let digest = reply.string else { throw RedisServerError("SCRIPT LOAD answered \(reply)") }
        sha.withLock { $0 = digest }
        return digest
    }

    /// EVALSHA with these keys and arguments; an error reply is thrown.
    public func call(keys: [String], arguments: [String], on sender: some RedisCommandSender) async throws -> RESPValue {
        let digest: String
        if let known = sha.withLock({ $0 }) { digest = known } else { digest = try await load(on: sender) }
        let reply = try await sender.send(command(sha: digest, keys: keys, arguments: arguments))
        if let message = reply.errorMessage {
            guard message.hasPrefix("NOSCRIPT") else { throw RedisServerError(message) }
            let reloaded = try await load(on: sender)
            return try await sender.call(command(sha: reloaded, keys: keys, arguments: arguments))
        }
        return reply
    }

    /// The EVALSHA command, for pipelines (the script must be loaded).
    public func command(sha: String, keys: [String], arguments: [String]) -> RedisCommand {
        RedisCommand([readOnly ? "EVALSHA_RO" : "EVALSHA", sha, String(keys.count)] + keys + arguments)
    }
}

extension LuaScript {
    /// The safe release of a lock: DEL the key only while it still holds the caller's token
    /// (ARGV[1]). 1 when it deleted, 0 when the lock had expired or another holder had it.
    public static let compareAndDeleteSource = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """
}
