import RESP
import RedisClient

/// When the keys the warm-up wrote will expire, as the server says right after the warm-up
/// (PTTL): how far apart the first and last expiry are, and the most that fall into one
/// `--bucket`. Read from the server, not from the clients' timing, so a loaded machine
/// does not change it: without jitter the keys expire within the warm-up's own duration,
/// with it they spread over the jittered TTLs.
struct WarmedExpiries: Sendable, Equatable {
    /// Warmed keys that still had a TTL when they were read.
    var keys: Int
    /// The last expiry less the first, in ms.
    var spreadMs: Int
    /// The most expiries in one bucket, buckets counted from the first expiry.
    var peakPerBucket: Int
    /// The first expiry, in ms after `originMs`; nil with no key.
    var firstAtMs: Int?
}

extension WarmedExpiries {
    /// Counts expiry instants (ms on one clock) into buckets of `bucketMs` starting at the
    /// first of them; `originMs` is the instant `firstAtMs` is counted from.
    init(expiriesMs: [Int64], bucketMs: Int, originMs: Int64 = 0) {
        keys = expiriesMs.count
        guard let first = expiriesMs.min(), let last = expiriesMs.max() else {
            spreadMs = 0
            peakPerBucket = 0
            firstAtMs = nil
            return
        }
        spreadMs = Int(last - first)
        firstAtMs = Int(first - originMs)
        var buckets: [Int64: Int] = [:]
        for expiry in expiriesMs { buckets[(expiry - first) / Int64(max(bucketMs, 1)), default: 0] += 1 }
        peakPerBucket = buckets.values.max() ?? 0
    }

    /// The expiry instants of `keys` (ms on `clock`): PTTL in pipelined batches, each reply
    /// added to when its batch came back. A key already gone or without a TTL is left out.
    static func read(_ keys: [String], on connection: any LabConnection, clock: any WorkClock) async throws -> [Int64] {
        var expiries: [Int64] = []
        expiries.reserveCapacity(keys.count)
        var start = keys.startIndex
        while start < keys.endIndex {
            let end = min(start + 1000, keys.endIndex)
            let replies = try await connection.pipeline(keys[start..<end].map { RedisCommand("PTTL", $0) })
            let now = clock.now.milliseconds
            for reply in replies {
                if let message = reply.errorMessage { throw RedisServerError(message) }
                if case .integer(let ttl) = reply, ttl >= 0 { expiries.append(now + ttl) }
            }
            start = end
        }
        return expiries
    }
}
