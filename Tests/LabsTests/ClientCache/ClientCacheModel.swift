@testable import Labs

/// The lockstep phase worked out in process: each reader's copies as a set of versions, the
/// keys' versions as the writer leaves them, and what the server would push. What the lab
/// counts on a real server must match it (for ttl: while no copy expired).
struct ClientCacheModel {
    var reads = 0
    var localHits = 0
    var networkGets = 0
    var staleReads = 0
    var invalidations = 0

    init(_ variant: ClientCacheVariant, _ workload: ClientCacheWorkload, keys: Int, readers: Int) {
        var versions = Array(repeating: 1, count: keys)
        var copies = Array(repeating: [Int: Int](), count: readers)
        for round in workload.rounds {
            for key in round.writes {
                versions[key] += 1
                for reader in 0..<readers {
                    switch variant {
                    case .tracking:
                        // The server tracks exactly the keys the reader read since their last
                        // invalidation: the ones it holds.
                        if copies[reader].removeValue(forKey: key) != nil { invalidations += 1 }
                    case .bcast:
                        copies[reader][key] = nil
                        invalidations += 1
                    case .none, .ttl:
                        break
                    }
                }
            }
            for (reader, keysRead) in round.reads.enumerated() {
                for key in keysRead {
                    reads += 1
                    if let version = copies[reader][key] {
                        localHits += 1
                        if version < versions[key] { staleReads += 1 }
                    } else {
                        networkGets += 1
                        if variant != .none { copies[reader][key] = versions[key] }
                    }
                }
            }
        }
    }
}
