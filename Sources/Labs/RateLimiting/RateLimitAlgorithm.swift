/// The rate limiters the lab compares. Every one but the naive pair is a Lua script loaded
/// once and called by EVALSHA with `now` passed in (or read from the server's TIME with
/// `--clock server`); the naive pair is the tutorial's four-command pipeline, sent without
/// MULTI.
public enum RateLimitAlgorithm: String, CaseIterable, Codable, Sendable {
    /// INCR a counter per fixed window, PEXPIRE it; up to 2× the limit across a boundary.
    case fixedWindow = "fixed-window"
    /// An exact log of allowed requests in a sorted set, atomic in Lua.
    case slidingLog = "sliding-log"
    /// The tutorial as written: ZREMRANGEBYSCORE, ZADD (denied requests too), ZCARD, EXPIRE in
    /// a pipeline, `count <= limit` after its own ZADD, members `now-Math.random()`, a fixed
    /// reset.
    case slidingLogNaive = "sliding-log-naive"
    /// The same pipeline with bare millisecond timestamps as members: requests in the same
    /// millisecond collapse into one.
    case slidingLogNaiveMs = "sliding-log-naive-ms"
    /// Two fixed windows, the previous one weighted by how much of it still overlaps.
    case slidingWindowCounter = "sliding-window-counter"
    /// A bucket of `limit` tokens refilled continuously at limit/window.
    case tokenBucket = "token-bucket"
    /// The generic cell rate algorithm: one theoretical arrival time per key.
    case gcra

    /// The tutorial's client-side pipeline rather than a script.
    public var isPipeline: Bool { self == .slidingLogNaive || self == .slidingLogNaiveMs }
}

/// One limiter's answer, as every algorithm gives it: allowed or not, what is left, when to
/// retry (denied), and when the quota is whole again. Times are whole milliseconds, rounded
/// up.
public struct RateDecision: Sendable, Equatable, Codable {
    public var allowed: Bool
    public var remaining: Int
    public var retryAfterMs: Int64
    public var resetAfterMs: Int64

    public init(allowed: Bool, remaining: Int, retryAfterMs: Int64, resetAfterMs: Int64) {
        self.allowed = allowed
        self.remaining = remaining
        self.retryAfterMs = retryAfterMs
        self.resetAfterMs = resetAfterMs
    }
}

/// The policy every limiter enforces: `limit` requests per `windowMs`.
public struct RatePolicy: Sendable, Equatable, Codable {
    public var limit: Int
    public var windowMs: Int64

    public init(limit: Int, windowMs: Int64) {
        self.limit = limit
        self.windowMs = windowMs
    }
}

/// Ceiling of a non-negative double as whole milliseconds, as the scripts compute it.
func ceilMs(_ value: Double) -> Int64 {
    Int64(max(0, value).rounded(.up))
}
