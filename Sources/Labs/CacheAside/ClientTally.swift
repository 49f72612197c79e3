/// What one client counted while it ran.
struct ClientTally: Sendable {
    var requests = 0
    var reads = 0
    var hits = 0
    var staleReads = 0
    var staleFor: Duration = .zero
    var servedStale = 0
    var latency = LatencyRecorder()
    var keysAsked: Set<Int> = []
    /// Reads answered "not found" for a row created before the read began.
    var notFoundAfterCreate = 0
    /// The longest from a creation to a "not found" answer for its id.
    var notFoundAfterCreateFor: Duration = .zero
    /// Reads that found a value `if (cached)` takes for a miss, and queried the database.
    var cachedButFalsy = 0

    mutating func add(_ other: ClientTally) {
        requests += other.requests
        reads += other.reads
        hits += other.hits
        staleReads += other.staleReads
        staleFor = max(staleFor, other.staleFor)
        servedStale += other.servedStale
        latency.merge(other.latency)
        keysAsked.formUnion(other.keysAsked)
        notFoundAfterCreate += other.notFoundAfterCreate
        notFoundAfterCreateFor = max(notFoundAfterCreateFor, other.notFoundAfterCreateFor)
        cachedButFalsy += other.cachedButFalsy
    }
}
