import RedisClient

/// The case for a local cache in one number: a tracking reader's local hits on one key in
/// a tight loop against GETs of it, one round trip at a time, timed in the same run.
struct HotLoop: Sendable {
    let gets: Int
    let localHits: Int

    func run(key: String, keyPrefix: String, context: LabContext) async throws -> HotLoopResult {
        try await context.redis.call("SET", key, "1")
        let clock = context.clock
        let ledger = VersionLedger(keys: 1, start: clock.now)
        let reader = try await CacheReader.open(
            .tracking, ledger: ledger, keyNames: [key], keyPrefix: keyPrefix, ttl: nil, context: context)
        do {
            try await reader.read(0)
            let localStart = clock.now
            var hits = 0
            // Nobody writes the key meanwhile, so every lookup should hit; only hits count.
            for _ in 0..<localHits where reader.cache.lookup(0, latest: 1) != nil { hits += 1 }
            let localSeconds = (clock.now - localStart).seconds
            let networkStart = clock.now
            for _ in 0..<gets { _ = try await reader.fetch(0) }
            let networkSeconds = (clock.now - networkStart).seconds
            await reader.connection.close()
            let localRate = localSeconds > 0 ? Double(hits) / localSeconds : 0
            let networkRate = networkSeconds > 0 ? Double(gets) / networkSeconds : 0
            return HotLoopResult(
                localHits: hits, localSeconds: Rounding.rounded(localSeconds, 4), localHitsPerSec: Rounding.rounded(localRate, 0),
                networkGets: gets, networkSeconds: Rounding.rounded(networkSeconds, 4), networkGetsPerSec: Rounding.rounded(networkRate, 0),
                speedup: networkRate > 0 ? Rounding.rounded(localRate / networkRate, 1) : 0)
        } catch {
            await reader.connection.close()
            throw error
        }
    }
}
