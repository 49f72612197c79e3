/// What the rate-limit lab measured: each algorithm on the same arrivals, held against the
/// exact sliding log of its own allowed requests.
public struct RateLimitReport: LabReport {
    public var limit: Int
    public var windowMs: Int64
    public var pattern: TrafficPattern
    /// `virtual` (the lab passes `now`) or `server` (the scripts read TIME).
    public var clock: String
    public var rate: Double
    public var keys: Int
    public var durationMs: Int64
    public var skewMs: Int64
    public var results: [RateLimitResult] = []
    /// `--race N`: N connections on one key at the same instant.
    public var race: [RaceResult]?
    /// `--race N`: the same N app servers, each way of sending the sliding log's commands,
    /// in lockstep and freely.
    public var interleaving: InterleavingReport?
    /// `--headers`: what an API would send for one allowed and one denied decision.
    public var headers: [HeaderExample]?
    /// `--pattern edge`: what was sent around the first window boundary.
    public var edge: EdgeTraffic?

    /// Rates vary, and so does the race and the interleaving's free run (not its lockstep:
    /// the lab orders that one); so does the memory of a large sorted set (Redis draws its
    /// skiplist levels at random). On the server clock everything does.
    public var timingDependent: [String] {
        var paths = ["results.*.decisions_per_sec", "results.*.bytes_per_key", "race.*.allowed", "interleaving.free"]
        if clock == "server" {
            paths += [
                "results.*.requests", "results.*.allowed", "results.*.denied", "results.*.max_allowed_in_window",
                "results.*.over_limit_allows", "results.*.needless_denials", "results.*.lockout_ms", "results.*.timeline",
                "results.*.member_collisions", "headers", "results.*.max_send_lag_ms",
            ]
        }
        return paths
    }
}

public struct RateLimitResult: Encodable, Sendable {
    public var algorithm: RateLimitAlgorithm
    /// Decisions asked for, retries included.
    public var requests: Int
    public var allowed: Int
    public var denied: Int
    /// The most requests allowed in any window of the configured length (true time).
    public var maxAllowedInWindow: Int
    /// Allowed while the exact log already held `limit` in the window.
    public var overLimitAllows: Int
    /// Denied while the exact log had room.
    public var needlessDenials: Int
    /// `retry`: the longest a client waited from its first denial to getting through.
    public var lockoutMs: Int64?
    /// MEMORY USAGE of one identifier's live keys at the end, averaged.
    public var bytesPerKey: Int
    /// Commands the server ran per decision (INFO commandstats, scripts' own calls included).
    public var commandsPerDecision: Double
    /// Commands the client sent per decision (1 EVALSHA, or the tutorial's 4).
    public var callsPerDecision: Double
    public var decisionsPerSec: Double
    public var timeline: Timeline
    /// The tutorial's pipelines: requests whose ZADD found their member already in the log
    /// (it answered 0), so the request left no entry of its own, as counted from the replies.
    /// Nil for the scripts, whose members are unique by construction.
    public var memberCollisions: Int?
    /// `--clock server`: how much later than planned the lab sent a request at worst (a
    /// machine or a server that cannot keep up with the planned rate); nil on the virtual clock.
    public var maxSendLagMs: Int64? = nil
}

/// Allowed and denied per bucket of time (true time, from the start).
public struct Timeline: Encodable, Sendable {
    public var bucketMs: Int64
    public var allowed: [Int]
    public var denied: [Int]
}

/// N connections fire at one key at the same instant.
public struct RaceResult: Encodable, Sendable {
    public var algorithm: RateLimitAlgorithm
    public var requests: Int
    public var limit: Int
    public var allowed: Int
}

/// The response headers for one decision, as an API would send them.
public struct HeaderExample: Encodable, Sendable {
    public var algorithm: RateLimitAlgorithm
    public var status: Int
    public var fields: [HeaderField]
}

public struct HeaderField: Encodable, Sendable, Equatable {
    public var name: String
    public var value: String
}
