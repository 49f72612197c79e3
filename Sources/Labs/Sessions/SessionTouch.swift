import RESP
import RedisClient

/// How a request extends a session's sliding TTL.
public enum SessionTouch: String, CaseIterable, Codable, Sendable {
    /// MULTI, HSET last_seen, PEXPIRE, EXEC: on a key that expired since the read, HSET
    /// creates a new hash holding only last_seen, a "zombie" session without a user.
    case multi
    /// PEXPIRE alone: 0 on a missing key, so the app sees the session gone; last_seen is not
    /// updated.
    case expire
    /// One script: HSET last_seen and PEXPIRE only if the key exists, atomically; 0 when it
    /// does not.
    case lua

    /// What one touch answered.
    struct Outcome {
        /// The session was there when the touch ran.
        var found: Bool
        /// The touch created a session that was not there (multi's HSET answered 1).
        var createdZombie: Bool
    }

    /// The script of the lua touch: existence checked and both writes done in one step, so
    /// no expiry can fall between them.
    static let script = LuaScript(
        """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'last_seen', ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """)

    /// Touches `key` at `round` with a TTL of `ttlMs`, on `connection` (whose log counts the
    /// commands).
    func touch(_ key: String, round: Int, ttlMs: Int, on connection: some LabConnection) async throws -> Outcome {
        let ttl = String(ttlMs)
        switch self {
        case .multi:
            let replies = try await connection.pipeline([
                RedisCommand("MULTI"), RedisCommand("HSET", key, "last_seen", String(round)), RedisCommand("PEXPIRE", key, ttl),
                RedisCommand("EXEC"),
            ])
            guard let results = replies.last?.elements, let added = results.first?.int else {
                throw LabError("the MULTI touch answered \(replies)")
            }
            // HSET counts the fields it added: 1 means last_seen was new, so the key was.
            return Outcome(found: added == 0, createdZombie: added == 1)
        case .expire:
            let reply = try await connection.call("PEXPIRE", key, ttl)
            guard let set = reply.int else { throw LabError("PEXPIRE answered \(reply)") }
            return Outcome(found: set == 1, createdZombie: false)
        case .lua:
            let reply = try await Self.script.call(keys: [key], arguments: [String(round), ttl], on: connection)
            guard let found = reply.int else { throw LabError("the touch script answered \(reply)") }
            return Outcome(found: found == 1, createdZombie: false)
        }
    }
}
