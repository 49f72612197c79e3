import RESP

/// When and how often a lost request is tried again.
public struct RetryPolicy: Sendable, Hashable {
    /// Tries after the first, per request.
    public var maxRetries: Int
    public var step: Duration
    public var cap: Duration

    /// min(attempt × 50 ms, 2 s), at most 3 retries.
    public static let standard = RetryPolicy(maxRetries: 3, step: .milliseconds(50), cap: .seconds(2))
    public static let never = RetryPolicy(maxRetries: 0, step: .zero, cap: .zero)

    public init(maxRetries: Int, step: Duration, cap: Duration) {
        self.maxRetries = maxRetries
        self.step = step
        self.cap = cap
    }

    /// The pause before retry number `attempt` (1-based).
    public func delay(beforeAttempt attempt: Int) -> Duration {
        min(step * attempt, cap)
    }

    /// A command whose reply was lost may be sent again only if running it twice is harmless.
    public static func isSafeToResend(_ command: RedisCommand) -> Bool {
        let name = command.name
        if readOnlyCommands.contains(name) { return true }
        guard let sub = command.argument(1)?.uppercased() else { return false }
        return readOnlySubcommands.contains("\(name) \(sub)")
    }

    private static let readOnlyCommands: Set<String> = [
        "BITCOUNT", "BITPOS", "DBSIZE", "DUMP", "ECHO", "EXISTS", "EXPIRETIME", "GEODIST", "GEOHASH", "GEOPOS",
        "GEOSEARCH", "GET", "GETBIT", "GETRANGE", "HEXISTS", "HGET", "HGETALL", "HKEYS", "HLEN", "HMGET",
        "HRANDFIELD", "HSCAN", "HSTRLEN", "HVALS", "INFO", "KEYS", "LASTSAVE", "LCS", "LINDEX", "LLEN", "LOLWUT",
        "LPOS", "LRANGE", "MGET", "PEXPIRETIME", "PFCOUNT", "PING", "PTTL", "RANDOMKEY", "ROLE", "SCAN", "SCARD",
        "SDIFF", "SINTER", "SINTERCARD", "SISMEMBER", "SMEMBERS", "SMISMEMBER", "SRANDMEMBER", "SSCAN", "STRLEN",
        "SUBSTR", "SUNION", "TIME", "TOUCH", "TTL", "TYPE", "XLEN", "XPENDING", "XRANGE", "XREVRANGE", "ZCARD",
        "ZCOUNT", "ZDIFF", "ZINTER", "ZINTERCARD", "ZLEXCOUNT", "ZMSCORE", "ZRANDMEMBER", "ZRANGE", "ZRANGEBYLEX",
        "ZRANGEBYSCORE", "ZRANK", "ZREVRANGE", "ZREVRANGEBYLEX", "ZREVRANGEBYSCORE", "ZREVRANK", "ZSCAN", "ZSCORE",
        "ZUNION",
    ]

    private static let readOnlySubcommands: Set<String> = [
        "CLIENT ID", "CLIENT INFO", "CLIENT LIST", "CLIENT GETNAME", "CLUSTER INFO", "CLUSTER NODES", "CLUSTER SLOTS",
        "CLUSTER SHARDS", "COMMAND COUNT", "COMMAND DOCS", "COMMAND INFO", "COMMAND LIST", "CONFIG GET",
        "MEMORY STATS", "MEMORY USAGE", "MEMORY DOCTOR", "LATENCY DOCTOR", "LATENCY LATEST", "OBJECT ENCODING",
        "OBJECT FREQ", "OBJECT IDLETIME", "OBJECT REFCOUNT", "SLOWLOG GET", "SLOWLOG LEN",
    ]
}
