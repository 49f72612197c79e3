/// What one reader's cache counted in one phase; the phase's result adds the readers up.
struct ClientCacheTally: Sendable {
    var reads = 0
    var localHits = 0
    var networkGets = 0
    var staleReads = 0
    /// Keys named in `invalidate` pushes (a flush counts once).
    var invalidations = 0
    var repliesDropped = 0
    var expiries = 0
    /// For each copy that served stale reads: from the newer version's acknowledgement to
    /// the invalidation or expiry that removed it, ms.
    var staleWindowsMs: [Double] = []

    static func + (left: Self, right: Self) -> Self {
        var sum = left
        sum.reads += right.reads
        sum.localHits += right.localHits
        sum.networkGets += right.networkGets
        sum.staleReads += right.staleReads
        sum.invalidations += right.invalidations
        sum.repliesDropped += right.repliesDropped
        sum.expiries += right.expiries
        sum.staleWindowsMs += right.staleWindowsMs
        return sum
    }
}
