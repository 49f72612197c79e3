/// What the leaderboard lab measured: memory per member as one sorted set grows, the
/// listpack → skiplist switch at the server's own limits, each leaderboard operation's
/// latency with its answers checked against an in-process model, and the order of tied
/// scores with and without a composite score.
public struct LeaderboardReport: LabReport {
    /// `zset-max-listpack-entries` and `zset-max-listpack-value`, read with CONFIG GET.
    public var thresholds: ZsetListpackLimits
    public var growth: [GrowthStep] = []
    public var cliff: ZsetCliff?
    /// Members of the set the operations ran on (the largest size).
    public var operationsOn: Int = 0
    public var operations: [OperationResult] = []
    /// Answers that differed from the model, over every operation: 0 when Redis and the
    /// model agree on every rank, page and score.
    public var rankMismatches: Int = 0
    public var ties: TieOrder?
    public var periods: PeriodReport?

    /// Latencies vary; so does a skiplist's size, because each node's height is drawn at
    /// random by the server (zslRandomLevel), not from the lab's seed.
    public var timingDependent: [String] {
        [
            "operations.*.p50_us", "operations.*.p99_us", "operations.*.per_sec", "growth.*.members_added_per_sec", "growth.*.bytes",
            "growth.*.bytes_per_member", "cliff.entries_over_limit.bytes",
            "cliff.entries_over_limit.bytes_per_member", "cliff.value_over_limit.bytes", "cliff.value_over_limit.bytes_per_member",
            "periods.day_keys_bytes", "periods.week_key_bytes", "periods.all_time_key_bytes",
        ]
    }
}

/// The server's limits for listpack-encoded sorted sets.
public struct ZsetListpackLimits: Encodable, Sendable {
    /// More members than this converts the set to a skiplist.
    public var entries: Int
    /// A member longer than this (bytes) converts it.
    public var value: Int
}

/// The set after growing to `members`.
public struct GrowthStep: Encodable, Sendable {
    /// ZCARD after loading.
    public var members: Int
    public var encoding: String
    /// MEMORY USAGE … SAMPLES 0: every node counted.
    public var bytes: Int
    public var bytesPerMember: Double
    /// ZADD commands sent to get here from the previous size (many members each).
    public var zaddCommands: Int
    /// Members added to get here, per second of the pipelined ZADDs alone.
    public var membersAddedPerSec: Double
}

/// Sorted sets built on each side of the limits.
public struct ZsetCliff: Encodable, Sendable {
    /// `entries` members, then one more (nil when the limit is 0: no set can be at it).
    public var entriesAtLimit: ZsetCliffSide?
    public var entriesOverLimit: ZsetCliffSide
    /// One member exactly `value` bytes long, then one byte longer.
    public var valueAtLimit: ZsetCliffSide
    public var valueOverLimit: ZsetCliffSide
}

public struct ZsetCliffSide: Encodable, Sendable {
    /// ZCARD.
    public var members: Int
    /// The longest member, bytes.
    public var longestMember: Int
    public var encoding: String
    public var bytes: Int
    public var bytesPerMember: Double
}

public enum BoardOperation: String, CaseIterable, Codable, Sendable {
    /// ZINCRBY board delta player: a score goes up.
    case zincrby
    /// ZREVRANGE board 0 9 WITHSCORES: the top ten.
    case top10 = "top-10"
    /// ZREVRANK board player: a player's place.
    case zrevrank
    /// ZREVRANK, then ZREVRANGE rank-5 rank+5 WITHSCORES: the page around a player.
    case page
}

public struct OperationResult: Encodable, Sendable {
    public var operation: BoardOperation
    public var count: Int
    /// Round trips per operation (the page takes two).
    public var roundTrips: Int
    /// Answers that differed from the model.
    public var mismatches: Int
    /// Client time per operation, from the kit's histogram, microseconds.
    public var p50Us: Double
    public var p99Us: Double
    /// Operations per second, one at a time on one connection, the model's check included.
    public var perSec: Double
}

/// `players` reach the same score one after another.
public struct TieOrder: Encodable, Sendable {
    public var players: Int
    public var score: Int
    /// Who reached the score first, second, ….
    public var arrivalOrder: [String]
    /// ZREVRANGE 0 -1 of the plain scores.
    public var redisOrder: [String]
    public var plain: TieRanking
    /// score × 2^timeBits + (2^timeBits − 1 − milliseconds since the period began).
    public var composite: TieRanking
    /// The same composite for a score past the exact bound.
    public var compositeOverBound: TieRanking
    public var timeBits: Int
    /// The largest score the composite keeps exact: 2^(53 − timeBits) − 1 (a double's
    /// 53-bit significand).
    public var maxExactScore: Int
}

public struct TieRanking: Encodable, Sendable {
    public var score: Int
    /// Places where Redis's order differs from the order of arrival.
    public var outOfArrivalOrder: Int
    /// Places where Redis's order differs from the model's (score, then member bytes,
    /// descending): 0 when Redis orders ties as the model says.
    public var modelMismatches: Int
    /// Players whose score, decoded from the stored double, is not the one they reached.
    public var scoreDecodeErrors: Int
}

/// Two weeks of points in a key per day and one all-time key; the second week's top 10 by
/// ZUNIONSTORE of its seven day keys.
public struct PeriodReport: Encodable, Sendable {
    public var players: Int
    public var eventsPerDay: Int
    public var days: Int
    /// The week ranked, first and last day.
    public var week: String
    /// ZINCRBYs sent: one for the day's key and one for the all-time key per point event.
    public var zincrbyCommands: Int
    /// ZUNIONSTORE's reply: members of the week's key.
    public var weekMembers: Int
    /// Players the model saw score that week.
    public var weekModelMembers: Int
    /// Places of the week's top 10 that differ from the model.
    public var weekTop10Mismatches: Int
    public var allTimeMembers: Int
    public var allTimeTop10Mismatches: Int
    /// Players in both the week's and the all-time top 10 (from Redis's replies).
    public var top10InBoth: Int
    /// Players each week gives half its points to (seeded, a set per week), and how many of
    /// the ranked week's are in its top 10.
    public var favouredPerWeek: Int
    public var favouredInWeekTop10: Int
    /// MEMORY USAGE … SAMPLES 0 of the week's seven day keys, together.
    public var dayKeysBytes: Int
    public var weekKeyBytes: Int
    public var allTimeKeyBytes: Int
    /// Day keys whose TTL, read back, is set (all of them: they expire, the all-time key
    /// does not).
    public var dayKeysWithTTL: Int
}
