import RESP
import RedisClient

/// The Lua side of each limiter. Every script takes KEYS[1], the identifier's key (the
/// window counters append `:START` to it: the key's hash tag keeps them in its slot on a
/// cluster, where a script may only touch keys of its own slot), and
/// ARGV = now (ms; empty to use the server's TIME), limit, window (ms), member (the sliding
/// log's), TTL (ms; empty for the natural one). Each returns
/// {allowed, remaining, retry after ms, reset after ms}, integers, as `RateDecision` holds
/// them, and then the `now` it decided at (the server's TIME when none was passed, so that
/// the exact log can judge the same instant); each does the arithmetic of `RateLimitModel`
/// in the same order, so the two agree to the last bit.
enum RateLimitScripts {
    /// `now`, the policy and the TTL, shared by every script.
    static let prelude = """
        local now = tonumber(ARGV[1])
        if not now then
          local time = redis.call('TIME')
          now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        end
        local limit = tonumber(ARGV[2])
        local window = tonumber(ARGV[3])
        local ttl = tonumber(ARGV[5])

        """

    static func source(for algorithm: RateLimitAlgorithm) -> String? {
        let body: String
        switch algorithm {
        case .fixedWindow: body = fixedWindow
        case .slidingLog: body = slidingLog
        case .slidingWindowCounter: body = slidingWindowCounter
        case .tokenBucket: body = tokenBucket
        case .gcra: body = gcra
        case .slidingLogNaive, .slidingLogNaiveMs: return nil
        }
        return prelude + "local function decide()\n" + body + "\nend\nlocal decision = decide()\ndecision[5] = now\nreturn decision\n"
    }

    /// The `now` a script decided at (its fifth element).
    static func decidedAt(_ reply: RESPValue) -> Int64? {
        guard let items = reply.elements, items.count == 5 else { return nil }
        return items[4].int
    }

    static let fixedWindow = """
        local start = now - (now % window)
        local key = KEYS[1] .. ':' .. start
        local count = redis.call('INCR', key)
        if count == 1 then redis.call('PEXPIRE', key, ttl or window) end
        local reset = start + window - now
        if count <= limit then return {1, limit - count, 0, reset} end
        return {0, 0, reset, reset}
        """

    static let slidingLog = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local count = redis.call('ZCARD', KEYS[1])
        if count < limit then
          redis.call('ZADD', KEYS[1], now, ARGV[4])
          redis.call('PEXPIRE', KEYS[1], ttl or window)
          local newest = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
          return {1, limit - count - 1, 0, newest + window - now}
        end
        local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
        local newest = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
        return {0, 0, oldest + window - now, newest + window - now}
        """

    static let slidingWindowCounter = """
        local start = now - (now % window)
        local currentKey = KEYS[1] .. ':' .. start
        local current = tonumber(redis.call('GET', currentKey) or '0')
        local previous = tonumber(redis.call('GET', KEYS[1] .. ':' .. (start - window)) or '0')
        local elapsed = now - start
        local estimate = previous * (window - elapsed) / window + current
        local reset = start + window - now
        if estimate + 1 <= limit then
          redis.call('INCR', currentKey)
          redis.call('PEXPIRE', currentKey, ttl or (window * 2))
          return {1, math.floor(limit - estimate - 1), 0, reset}
        end
        local room = limit - 1 - current
        if current + 1 <= limit and previous > 0 then
          local at = window * (1 - room / previous)
          if at < window then return {0, 0, math.ceil(math.max(0, at - elapsed)), reset} end
        end
        local nextAt = 0
        if current > limit - 1 then nextAt = window * (1 - (limit - 1) / current) end
        return {0, 0, math.ceil(math.max(0, window - elapsed + nextAt)), reset}
        """

    static let tokenBucket = """
        local capacity = limit
        local rate = capacity / window
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1]) or capacity
        local at = tonumber(state[2]) or now
        if now > at then
          tokens = math.min(capacity, tokens + (now - at) * rate)
          at = now
        end
        local allowed = 0
        if tokens >= 1 then
          tokens = tokens - 1
          allowed = 1
        end
        redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.17g', at))
        redis.call('PEXPIRE', KEYS[1], ttl or (window * 2))
        local retry = 0
        if allowed == 0 then retry = math.ceil(math.max(0, (1 - tokens) / rate)) end
        return {allowed, math.floor(tokens), retry, math.ceil(math.max(0, (capacity - tokens) / rate))}
        """

    static let gcra = """
        local interval = window / limit
        local tolerance = interval * (limit - 1)
        local stored = tonumber(redis.call('GET', KEYS[1]))
        local tat = math.max(stored or now, now)
        if tat - now <= tolerance then
          local nextTat = tat + interval
          redis.call('SET', KEYS[1], string.format('%.17g', nextTat), 'PX', ttl or math.max(1, math.ceil(nextTat - now)))
          return {1, math.floor((tolerance + interval - (nextTat - now)) / interval), 0, math.ceil(math.max(0, nextTat - now))}
        end
        return {0, 0, math.ceil(math.max(0, tat - tolerance - now)), math.ceil(math.max(0, tat - now))}
        """

    /// The tutorial's four commands for one request, sent in a pipeline without MULTI.
    static func naivePipeline(key: String, now: Int64, member: String, windowMs: Int64, ttlSeconds: Int64?) -> [RedisCommand] {
        [
            RedisCommand("ZREMRANGEBYSCORE", key, "0", String(now - windowMs)),
            RedisCommand("ZADD", key, String(now), member),
            RedisCommand("ZCARD", key),
            RedisCommand("EXPIRE", key, String(ttlSeconds ?? max(1, (windowMs + 999) / 1000))),
        ]
    }

    /// The decision the tutorial's code draws from its pipeline's replies: ZCARD's count,
    /// `count <= limit`, a fixed reset of the window.
    static func naiveDecision(_ replies: ArraySlice<RESPValue>, policy: RatePolicy) throws -> RateDecision {
        if let message = replies.lazy.compactMap(\.errorMessage).first { throw RedisServerError(message) }
        guard replies.count == 4, let count = replies[replies.startIndex + 2].int else {
            throw LabError(
                "the tutorial's pipeline answered \(replies.map(\.typeName).joined(separator: ", ")), not four replies with ZCARD's count third"
            )
        }
        let allowed = count <= Int64(policy.limit)
        return RateDecision(
            allowed: allowed, remaining: max(0, policy.limit - Int(count)), retryAfterMs: allowed ? 0 : policy.windowMs,
            resetAfterMs: policy.windowMs)
    }

    /// Whether the pipeline's ZADD found its member already there (it answers 0): the
    /// request collapsed into an earlier entry of the log instead of adding one.
    static func naiveMemberCollided(_ replies: ArraySlice<RESPValue>) -> Bool {
        replies.count == 4 && replies[replies.startIndex + 1].int == 0
    }

    /// A script's four integers. An error reply is thrown with the server's text.
    static func decision(_ reply: RESPValue) throws -> RateDecision {
        if let message = reply.errorMessage { throw RedisServerError(message) }
        guard let items = reply.elements, items.count >= 4, let allowed = items[0].int, let remaining = items[1].int,
            let retry = items[2].int, let reset = items[3].int
        else { throw LabError("a limiter script answered a \(reply.typeName), not four integers") }
        return RateDecision(allowed: allowed == 1, remaining: Int(remaining), retryAfterMs: retry, resetAfterMs: reset)
    }
}
