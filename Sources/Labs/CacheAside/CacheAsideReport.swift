/// What the cache-aside lab measured, per strategy, under one scenario.
public struct CacheAsideReport: LabReport {
    public var scenario: CacheScenario
    public var clients: Int
    public var products: Int
    public var dbLatencyMs: Double
    public var ttlSeconds: Double
    public var invalidate: Invalidation
    public var strategies = NamedResults<CacheStrategyResult>()
    /// The TTL jitter of every fill (± this share).
    public var ttlJitter: Double = 0
    /// The width of the buckets database queries are counted in (`peak_backend_queries_per_bucket`).
    public var bucketMs: Int = 100
    /// What naive's fetcher returned for a missing row (`--missing-as`).
    public var missingRow: MissingRow = .null

    /// Counts depend on how concurrent clients interleave (two naive clients may miss the
    /// same key at once); with one client on a steady or cold workload only times vary.
    public var timingDependent: [String] {
        // Which 100 ms a query falls in depends on how fast the clients ran.
        var paths = [
            "strategies.*.latency_ms", "strategies.*.requests_per_sec", "strategies.*.server_hit_ratio", "strategies.*.stale_for_ms",
            "strategies.*.peak_backend_queries_per_bucket", "strategies.*.peak_bucket_at_ms",
            // Which ms the server set each warmed key in; the warm-up's speed.
            "strategies.*.peak_keys_expiring_per_bucket", "strategies.*.expiry_spread_ms", "strategies.*.first_expiry_at_ms",
            "strategies.*.warm_up_ms",
            "strategies.*.not_found_after_create_ms",
        ]
        if clients > 1 || scenario == .stampede || scenario == .race {
            paths += [
                "strategies.*.requests", "strategies.*.hit_ratio", "strategies.*.backend_queries", "strategies.*.expiries",
                "strategies.*.backend_queries_per_expiry", "strategies.*.max_concurrent_backend",
                "strategies.*.locks_expired_while_held", "strategies.*.lock_waits_given_up", "strategies.*.stale_reads",
                "strategies.*.served_stale", "strategies.*.refreshes", "strategies.*.negative_lookups_to_backend",
                "strategies.*.commands_per_request", "strategies.*.created", "strategies.*.reads_not_found_after_create",
            ]
        }
        return paths
    }
}

public enum CacheScenario: String, CaseIterable, Codable, Sendable {
    /// Clients read (and, with --write-ratio, write) a Zipf-popular catalogue through a
    /// warmed cache.
    case steady
    /// A hot key (the featured query) expires again and again under all clients.
    case stampede
    /// An empty cache and all clients at once.
    case coldStart = "cold-start"
    /// The stale-set race: a reader misses and reads the old row, a writer updates and
    /// invalidates, then the reader caches the old row.
    case race
}

/// One strategy's numbers. Every count is counted: database queries by the database
/// wrapper, commands by the command log, hits by the clients, server hits by INFO.
public struct CacheStrategyResult: Encodable, Sendable {
    public var strategy: CacheStrategy
    public var requests: Int
    /// Reads answered from the cache, as the clients saw them.
    public var hitRatio: Double
    /// keyspace_hits / (hits + misses) over the run, as the server counted them.
    public var serverHitRatio: Double?
    /// Queries the database really ran.
    public var backendQueries: Int
    /// Times the cached value expired while the clients ran, for the stampede: INFO's
    /// expired_keys less the locks that expired while held, and less the hot key's expiry if
    /// it came after the last read (nobody was left to refill it).
    public var expiries: Int?
    public var backendQueriesPerExpiry: Double?
    /// The most queries that ran at the same time.
    public var maxConcurrentBackend: Int
    /// lock and swr: locks whose holder was still working when their TTL ran out.
    public var locksExpiredWhileHeld: Int?
    /// lock and swr: waiters that gave up after the lock's TTL and queried themselves.
    public var lockWaitsGivenUp: Int?
    /// Distinct keys the workload asked for (cold start: the least possible queries).
    public var distinctKeys: Int?
    /// Reads that returned a version older than one committed when the read began.
    public var staleReads: Int
    /// The longest a stale value was still served after the newer one was committed.
    public var staleForMs: Double
    /// SWR: reads answered with a value past its soft expiry, by design.
    public var servedStale: Int
    /// SWR: background refreshes started (each by the reader that won the refresh lock).
    public var refreshes: Int? = nil
    /// Queries for ids that do not exist.
    public var negativeLookupsToBackend: Int
    public var latencyMs: LatencySummary
    public var commandsPerRequest: Double
    public var requestsPerSec: Double
    /// The most queries the database started in one bucket (`bucket_ms`), counted by the
    /// database as each query started: keys that expire together are refilled together.
    public var peakBackendQueriesPerBucket: Int = 0
    /// When that bucket began, in ms from the start of the strategy's run (the warm-up
    /// included); nil when no query ran.
    public var peakBucketAtMs: Int? = nil
    /// Keys the warm-up wrote that had a TTL when read back (steady, stampede; nil: no warm-up).
    public var warmedKeys: Int? = nil
    /// The most warmed keys whose expiry (PTTL, read from the server right after the warm-up)
    /// falls into one bucket (`bucket_ms`), buckets counted from the first expiry.
    public var peakKeysExpiringPerBucket: Int? = nil
    /// The warmed keys' last expiry less their first, in ms.
    public var expirySpreadMs: Int? = nil
    /// The first warmed key's expiry, in ms from the start of the strategy's run (the
    /// origin of `peak_bucket_at_ms`).
    public var firstExpiryAtMs: Int? = nil
    /// How long the warm-up took (reading the catalogue, then every SET to its last reply),
    /// in ms: keys set with one TTL expire within this of each other.
    public var warmUpMs: Int? = nil
    /// Rows the clients' creations inserted, counted by the database.
    public var created: Int = 0
    /// Reads answered "not found" for an id whose row existed when the read began: a cached
    /// miss that outlived the creation (counted by the client that got the answer).
    public var readsNotFoundAfterCreate: Int = 0
    /// The longest from a creation to a "not found" answer for that id, in ms.
    public var notFoundAfterCreateMs: Double = 0
    /// naive: reads that found a value in Redis (the empty string a fetcher's `undefined`
    /// became) that `if (cached)` took for a miss, so each queried the database; nil for
    /// the other strategies.
    public var cachedValuesReadAsMisses: Int? = nil
}
