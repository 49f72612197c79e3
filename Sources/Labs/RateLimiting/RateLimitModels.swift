/// Each algorithm as a value that runs without a server: the same arithmetic, in the same
/// order, as its Lua script (or, for the naive pipeline, as its four commands run one after
/// another), so a test can hold the two side by side decision by decision.
public struct RateLimitModel: Sendable {
    public let algorithm: RateLimitAlgorithm
    public let policy: RatePolicy
    private var counters: [String: Int] = [:]
    private var logs: [String: [(score: Int64, member: String)]] = [:]
    private var buckets: [String: (tokens: Double, at: Double)] = [:]
    private var arrivals: [String: Double] = [:]

    public init(_ algorithm: RateLimitAlgorithm, policy: RatePolicy) {
        self.algorithm = algorithm
        self.policy = policy
    }

    /// The decision for a request of `key` at `now` (ms). `member` is what the log stores
    /// for it (sliding logs only).
    public mutating func decide(key: String, now: Int64, member: String) -> RateDecision {
        let limit = policy.limit
        let window = policy.windowMs
        switch algorithm {
        case .fixedWindow:
            let start = now - now % window
            let counter = "\(key):\(start)"
            let count = counters[counter, default: 0] + 1
            counters[counter] = count
            let reset = start + window - now
            let allowed = count <= limit
            return RateDecision(allowed: allowed, remaining: max(0, limit - count), retryAfterMs: allowed ? 0 : reset, resetAfterMs: reset)

        case .slidingLog:
            var log = logs[key, default: []].filter { $0.score > now - window }
            defer { logs[key] = log }
            if log.count < limit {
                log.append((now, member))
                log.sort { ($0.score, $0.member) < ($1.score, $1.member) }
                let newest = log.map(\.score).max() ?? now
                return RateDecision(allowed: true, remaining: limit - log.count, retryAfterMs: 0, resetAfterMs: newest + window - now)
            }
            let oldest = log.map(\.score).min() ?? now
            let newest = log.map(\.score).max() ?? now
            return RateDecision(allowed: false, remaining: 0, retryAfterMs: oldest + window - now, resetAfterMs: newest + window - now)

        case .slidingLogNaive, .slidingLogNaiveMs:
            // ZREMRANGEBYSCORE key 0 now-window; ZADD key now member; ZCARD key; EXPIRE.
            var log = logs[key, default: []].filter { $0.score > now - window }
            if let index = log.firstIndex(where: { $0.member == member }) {
                log[index].score = now
            } else {
                log.append((now, member))
            }
            logs[key] = log
            let count = log.count
            let allowed = count <= limit
            // The tutorial's reset is the window, whatever the log holds.
            return RateDecision(
                allowed: allowed, remaining: max(0, limit - count), retryAfterMs: allowed ? 0 : window, resetAfterMs: window)

        case .slidingWindowCounter:
            let start = now - now % window
            let current = counters["\(key):\(start)", default: 0]
            let previous = counters["\(key):\(start - window)", default: 0]
            let elapsed = Double(now - start)
            let windowSize = Double(window)
            let estimate = Double(previous) * (windowSize - elapsed) / windowSize + Double(current)
            let reset = start + window - now
            if estimate + 1 <= Double(limit) {
                counters["\(key):\(start)"] = current + 1
                return RateDecision(
                    allowed: true, remaining: Int((Double(limit) - estimate - 1).rounded(.down)), retryAfterMs: 0, resetAfterMs: reset)
            }
            return RateDecision(
                allowed: false, remaining: 0,
                retryAfterMs: Self.counterRetry(previous: previous, current: current, elapsed: elapsed, window: windowSize, limit: limit),
                resetAfterMs: reset)

        case .tokenBucket:
            let capacity = Double(limit)
            let rate = capacity / Double(window)
            var (tokens, at) = buckets[key] ?? (capacity, Double(now))
            let time = Double(now)
            if time > at {
                tokens = min(capacity, tokens + (time - at) * rate)
                at = time
            }
            let allowed = tokens >= 1
            if allowed { tokens -= 1 }
            buckets[key] = (tokens, at)
            return RateDecision(
                allowed: allowed, remaining: Int(tokens.rounded(.down)), retryAfterMs: allowed ? 0 : ceilMs((1 - tokens) / rate),
                resetAfterMs: ceilMs((capacity - tokens) / rate))

        case .gcra:
            let interval = Double(window) / Double(limit)
            let tolerance = interval * Double(limit - 1)
            let time = Double(now)
            let tat = max(arrivals[key] ?? time, time)
            if tat - time <= tolerance {
                let next = tat + interval
                arrivals[key] = next
                return RateDecision(
                    allowed: true, remaining: Int(((tolerance + interval - (next - time)) / interval).rounded(.down)), retryAfterMs: 0,
                    resetAfterMs: ceilMs(next - time))
            }
            return RateDecision(
                allowed: false, remaining: 0, retryAfterMs: ceilMs(tat - tolerance - time), resetAfterMs: ceilMs(tat - time))
        }
    }

    /// When the weighted estimate first leaves room for one more: later in this window as
    /// the previous one's weight falls, or in the next, where this one becomes "previous".
    static func counterRetry(previous: Int, current: Int, elapsed: Double, window: Double, limit: Int) -> Int64 {
        let room = Double(limit - 1 - current)
        if current + 1 <= limit, previous > 0 {
            let at = window * (1 - room / Double(previous))
            if at < window { return ceilMs(at - elapsed) }
        }
        let next = current > limit - 1 ? window * (1 - Double(limit - 1) / Double(current)) : 0
        return ceilMs(window - elapsed + next)
    }
}
