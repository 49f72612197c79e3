/// Redis's policies beside the exact references, on the same requests.
public struct EvictionReport: LabReport {
    public var keys: Int
    public var requests: Int
    public var rate: Double
    /// Keys Redis held when full (counted), the references' capacity.
    public var capacityKeys = 0
    /// What one key costs, measured by loading them all.
    public var bytesPerKey = 0
    public var maxmemory: Int64 = 0
    /// The server already had a maxmemory: it was kept, not changed.
    public var maxmemoryWasSet = false
    public var results: [EvictionResult] = []
    public var reference: EvictionReference?
    public var sweep: SweepResult?

    init(keys: Int, requests: Int, rate: Double) {
        self.keys = keys
        self.requests = requests
        self.rate = rate
    }

    /// Redis samples keys at random, and memory is the allocator's: those vary; the exact
    /// references replay the same requests and do not.
    public var timingDependent: [String] {
        [
            "bytes_per_key", "maxmemory", "capacity_keys", "reference", "results.*.hit_ratio", "results.*.hits", "results.*.evicted_keys",
            "results.*.oom_errors",
            "results.*.used_memory", "results.*.keys_held", "results.*.seconds", "sweep.points.*.hit_ratio",
        ]
    }
}

public struct EvictionResult: Encodable, Sendable {
    public var policy: String
    public var hitRatio: Double
    public var hits: Int
    /// INFO evicted_keys over the run.
    public var evictedKeys: Int
    /// Writes refused with OOM (noeviction, or a volatile policy with nothing to evict).
    public var oomErrors: Int
    public var usedMemory: Int64
    /// DBSIZE at the end.
    public var keysHeld: Int
    /// How long the paced requests took.
    public var seconds: Double
}

/// Hit ratios of the exact simulations on the same requests and capacity in keys.
public struct EvictionReference: Encodable, Sendable {
    public var exactLru: Double
    public var exactLfu: Double
    public var random: Double
    public var optimal: Double

    init(_ results: CacheSimulator.Results, requests: Int) {
        exactLru = Rounding.ratio(results.exactLRU, requests)
        exactLfu = Rounding.ratio(results.exactLFU, requests)
        random = Rounding.ratio(results.random, requests)
        optimal = Rounding.ratio(results.optimal, requests)
    }
}

public struct SweepResult: Encodable, Sendable {
    public var parameter: String
    public var policy: String
    public var points: [SweepPoint]
    /// The exact policy the sampled one approximates (LRU or LFU).
    public var exactHitRatio: Double
}

public struct SweepPoint: Encodable, Sendable {
    public var value: String
    public var hitRatio: Double
}
