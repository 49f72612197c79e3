import RESP
import RedisClient

/// Every user's session stored both ways, each key's MEMORY USAGE (SAMPLES 0: exact, every
/// field counted) read back and summed.
public struct SessionMemory: Encodable, Sendable, Equatable {
    public var sessions = 0
    /// MEMORY USAGE summed over the hashes, bytes.
    public var hashBytes = 0
    /// The same over the JSON strings.
    public var jsonBytes = 0
    /// The JSON documents' own length (STRLEN summed): what the strings hold.
    public var jsonPayloadBytes = 0
    public var hashBytesPerSession = 0.0
    public var jsonBytesPerSession = 0.0
    /// OBJECT ENCODING of the first hash (listpack while it is small).
    public var hashEncoding = ""

    static func measure(_ fields: [[String]], keys: KeySpace, on redis: some LabConnection) async throws -> SessionMemory {
        var memory = SessionMemory(sessions: fields.count)
        for (user, session) in fields.enumerated() {
            let hash = keys.key("memory", "hash", "u\(user)")
            let json = keys.key("memory", "json", "u\(user)")
            _ = try await redis.pipeline([RedisCommand(["HSET", hash] + session), RedisCommand("SET", json, SessionFields.json(session))])
            let replies = try await redis.pipeline([
                RedisCommand("MEMORY", "USAGE", hash, "SAMPLES", "0"), RedisCommand("MEMORY", "USAGE", json, "SAMPLES", "0"),
                RedisCommand("STRLEN", json),
            ])
            guard replies.count == 3, let hashBytes = replies[0].int, let jsonBytes = replies[1].int, let length = replies[2].int else {
                throw LabError("MEMORY USAGE / STRLEN answered \(replies)")
            }
            memory.hashBytes += Int(hashBytes)
            memory.jsonBytes += Int(jsonBytes)
            memory.jsonPayloadBytes += Int(length)
            if user == 0 { memory.hashEncoding = try await redis.call("OBJECT", "ENCODING", hash).string ?? "" }
        }
        if memory.sessions > 0 {
            memory.hashBytesPerSession = Rounding.rounded(Double(memory.hashBytes) / Double(memory.sessions), 1)
            memory.jsonBytesPerSession = Rounding.rounded(Double(memory.jsonBytes) / Double(memory.sessions), 1)
        }
        return memory
    }
}
