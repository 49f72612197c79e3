/// How the sliding log's commands are sent to the server, from the tutorial's to the atomic.
public enum InterleavingWay: String, CaseIterable, Codable, Sendable {
    /// The tutorial's ZREMRANGEBYSCORE, ZADD, ZCARD, EXPIRE, each awaited before the next.
    case tutorialAwaited = "tutorial-awaited"
    /// ZREMRANGEBYSCORE, ZCARD, ZADD only when the count is under the limit, EXPIRE, each
    /// awaited: the fix for the tutorial's lockout (denied requests no longer logged).
    case checkThenAdd = "check-then-add"
    /// The tutorial's four in one pipeline write, as the lab's simulation sends them.
    case tutorialPipeline = "tutorial-pipeline"
    /// The tutorial's four inside MULTI/EXEC, in one write.
    case multi
    /// The sliding-log script, by EVALSHA.
    case lua

    /// Round trips one request makes at most: each awaited command is one; a whole exchange
    /// written at once (pipeline, transaction, script) is one.
    var steps: Int {
        switch self {
        case .tutorialAwaited, .checkThenAdd: return 4
        case .tutorialPipeline, .multi, .lua: return 1
        }
    }
}

/// `--race N`: N app servers on their own connections send one request each for one key at
/// one instant, every way of sending the limiter's commands under two schedules.
public struct InterleavingReport: Encodable, Sendable {
    public var appServers: Int
    public var limit: Int
    /// Every app server finishes step k before any starts step k + 1: the worst interleaving
    /// of the awaited ways, the same on every run.
    public var lockstep: [InterleavingResult]
    /// The app servers released together by one latch, counted as it happened.
    public var free: [InterleavingResult]
}

/// One way under one schedule, as counted from the replies and read back from the server.
public struct InterleavingResult: Encodable, Sendable {
    public var way: InterleavingWay
    public var requests: Int
    public var allowed: Int
    /// Allowed beyond the limit at the one instant: max(0, allowed - limit).
    public var overLimitAllows: Int
    /// Denied while there was room: max(0, min(requests, limit) - allowed).
    public var needlessDenials: Int
    /// ZCARD of the key after every request was answered.
    public var membersLeft: Int
    public var roundTripsPerRequest: Double
    /// The ways where every request adds its own member before it counts (the tutorial's
    /// order): requests whose ZCARD answered the same count as another's. Run one after the
    /// other the counts are 1 to N, each once; a shared count means another request's ZADD
    /// ran between this one's ZADD and ZCARD. Nil for check-then-add (it counts before it
    /// adds, and denied requests add nothing) and for the script (its reply has no count).
    public var sharedCounts: Int?
}
