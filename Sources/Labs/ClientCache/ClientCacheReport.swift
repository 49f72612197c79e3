/// What the client-cache lab counted: each variant in lockstep (the writer's writes, their
/// invalidations read, then the readers' reads: counts fixed by the seed) and running
/// freely (writer and readers at once: counts the scheduler decides), and a hot loop
/// timing local hits against network GETs.
public struct ClientCacheReport: LabReport {
    public var readers: Int
    public var keys: Int
    public var rounds: Int
    /// Reads each reader makes per round.
    public var readsPerRound: Int
    public var writesPerRound: Int
    /// The `ttl` variant's local time to live, ms.
    public var ttlMs: Int
    public var lockstep = NamedResults<ClientCachePhaseResult>()
    public var concurrent = NamedResults<ClientCachePhaseResult>()
    /// For each tracking variant, the in-flight race staged once with the mark and once
    /// without.
    public var inFlightRace = NamedResults<InFlightRaceResult>()
    public var hotLoop: HotLoopResult?

    /// Running freely, everything is the scheduler's. In lockstep the counts follow from
    /// the seed, but a TTL copy expires by the wall clock, so ttl's hits and stale reads
    /// hold exactly only while no copy expired (`expiries` 0); staleness windows are times.
    public var timingDependent: [String] {
        let concurrentFields = [
            "local_hits", "network_gets", "hit_ratio", "round_trips_saved", "stale_reads", "stale_copies", "invalidations",
            "replies_dropped", "expiries", "stale_window_max_ms", "stale_window_mean_ms", "seconds",
        ]
        let ttlFields = ["local_hits", "network_gets", "hit_ratio", "round_trips_saved", "stale_reads", "stale_copies", "expiries"]
        return concurrentFields.map { "concurrent.*.\($0)" } + ttlFields.map { "lockstep.ttl.\($0)" }
            + ["lockstep.*.stale_window_max_ms", "lockstep.*.stale_window_mean_ms", "lockstep.*.seconds"]
            + ["hot_loop.local_seconds", "hot_loop.network_seconds", "hot_loop.local_hits_per_sec", "hot_loop.network_gets_per_sec"]
            + ["hot_loop.speedup"]
    }
}

/// One variant in one phase, all readers together.
public struct ClientCachePhaseResult: Encodable, Sendable {
    public var reads: Int
    /// Reads served from the reader's own memory.
    public var localHits: Int
    /// Reads that went to Redis (GET).
    public var networkGets: Int
    public var hitRatio: Double
    /// Round trips a local hit spared against `none`, where every read is a GET.
    public var roundTripsSaved: Int
    /// Local hits that returned a version older than the newest one the writer had seen
    /// acknowledged when the read began.
    public var staleReads: Int
    /// Local copies that served at least one stale read.
    public var staleCopies: Int
    /// From the acknowledgement of the write that made a copy stale to the invalidation or
    /// expiry that removed it, ms: the longest and the mean over the stale copies.
    public var staleWindowMaxMs: Double
    public var staleWindowMeanMs: Double
    /// Keys named in the invalidation pushes the readers received.
    public var invalidations: Int
    /// GET replies not stored because their key's invalidation came while they were in
    /// flight.
    public var repliesDropped: Int
    /// Local copies dropped because their TTL ran out.
    public var expiries: Int
    public var seconds: Double

    init(_ tally: ClientCacheTally, seconds: Double) {
        reads = tally.reads
        localHits = tally.localHits
        networkGets = tally.networkGets
        hitRatio = Rounding.ratio(tally.localHits, tally.reads)
        roundTripsSaved = tally.localHits
        staleReads = tally.staleReads
        staleCopies = tally.staleWindowsMs.count
        staleWindowMaxMs = Rounding.rounded(tally.staleWindowsMs.max() ?? 0, 3)
        staleWindowMeanMs =
            tally.staleWindowsMs.isEmpty ? 0 : Rounding.rounded(tally.staleWindowsMs.reduce(0, +) / Double(tally.staleWindowsMs.count), 3)
        invalidations = tally.invalidations
        repliesDropped = tally.repliesDropped
        expiries = tally.expiries
        self.seconds = Rounding.rounded(seconds, 4)
    }
}

/// A GET answered before a write and taken in after that write's invalidation.
public struct InFlightRaceResult: Encodable, Sendable {
    /// The version the GET returned: the one before the write.
    public var replyVersion: Int
    /// The version the writer had seen acknowledged by the time the reply was taken in.
    public var ackedVersion: Int
    /// With the in-flight mark: the reply not kept (1), and no stale read after.
    public var guardedDropped: Int
    public var guardedStaleReads: Int
    /// Without it: the reply kept, and both later reads stale, the second after every push
    /// had been read (the server had sent its one invalidation already).
    public var unguardedStaleReads: Int
}

/// One reader, one cached key: local hits in a tight loop, then GETs of the same key one
/// round trip at a time, each timed on its own.
public struct HotLoopResult: Encodable, Sendable {
    public var localHits: Int
    public var localSeconds: Double
    public var localHitsPerSec: Double
    public var networkGets: Int
    public var networkSeconds: Double
    public var networkGetsPerSec: Double
    /// Local hits a second over network GETs a second.
    public var speedup: Double
}
