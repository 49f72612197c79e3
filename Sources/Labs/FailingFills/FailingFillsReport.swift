/// What the failing-fills lab counted: the same reads with fills that work, and on a full
/// Redis per variant.
public struct FailingFillsReport: LabReport {
    public var requests: Int
    public var products: Int
    /// Distinct products the reads asked for: the queries a cache whose fills work needs.
    public var distinctKeys: Int
    public var ttlSeconds: Int
    /// maxmemory (bytes) while the server was full, under noeviction.
    public var maxmemory: Int
    /// The tutorial's code with fills that work.
    public var working: FillRunResult?
    /// Each variant on the full server.
    public var full: [FillRunResult] = []

    /// One connection replays one seeded sequence: every count repeats.
    public var timingDependent: [String] { [] }
}

public struct FillRunResult: Encodable, Sendable {
    public var variant: FillVariant
    /// Redis refused writes (maxmemory under noeviction) during this run.
    public var serverFull: Bool
    /// Reads answered from the cache.
    public var hits = 0
    /// Misses that sent a SET.
    public var fillsSent = 0
    /// SETs the server refused, counted from its replies (for naive, read after the run:
    /// the application never looked).
    public var failedFills = 0
    /// Refused SETs the application saw (naive: none, it does not wait).
    public var failedFillsSeen = 0
    /// INFO errorstats' OOM count over the run, as the server counted it.
    public var serverOomErrors = 0
    /// Queries the database ran.
    public var backendQueries = 0
    /// Queries beyond one per distinct product: each a read that missed again because an
    /// earlier fill of its key failed.
    public var extraBackendQueries = 0
    /// The first error the application saw (awaited).
    public var firstError: String? = nil

    public init(variant: FillVariant, serverFull: Bool) {
        self.variant = variant
        self.serverFull = serverFull
    }
}
