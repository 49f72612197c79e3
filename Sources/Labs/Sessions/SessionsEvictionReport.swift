/// What each maxmemory policy did to sessions sharing a full server with a cache.
public struct SessionsEvictionReport: LabReport {
    public var users: Int
    public var cacheEntries: Int
    public var valueBytes: Int
    public var policies: [SessionsEvictionResult] = []

    /// Which keys an approximated LRU or a TTL sample picks is the server's own random
    /// sampling, and maxmemory follows used_memory: only the signs are forced.
    public var timingDependent: [String] {
        [
            "maxmemory", "cache_writes_accepted", "cache_writes_refused", "evicted_keys", "sessions_left", "logged_out_by_eviction",
            "cache_entries_left", "touches_that_found_no_session",
        ].map { "policies.*.\($0)" }
    }
}

public struct SessionsEvictionResult: Encodable, Sendable {
    public var policy: String
    /// Sized for the sessions and half the cache (used_memory measured with and without it).
    public var maxmemory: Int64
    public var cacheWritesAccepted = 0
    /// SETs answered OOM.
    public var cacheWritesRefused = 0
    /// INFO stats evicted_keys over the writes.
    public var evictedKeys = 0
    /// Sessions still there at the end (EXISTS).
    public var sessionsLeft = 0
    /// Sessions the server evicted: users logged out by eviction.
    public var loggedOutByEviction = 0
    public var cacheEntriesLeft = 0
    /// Touches (EXPIRE) answered 0: a user's request finding the session gone.
    public var touchesThatFoundNoSession = 0

    init(policy: String, maxmemory: Int64) {
        self.policy = policy
        self.maxmemory = maxmemory
    }
}
