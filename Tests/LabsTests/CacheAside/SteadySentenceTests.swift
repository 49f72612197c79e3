import Testing

@testable import Labs
@testable import Workbench

/// The steady scenario's sentences on creations and on the expiry wave, each fed reports
/// with opposite numbers: a claim appears only when its numbers bear it out.
@Suite struct SteadySentenceTests {
    private func result(
        _ strategy: CacheStrategy, queries: Int = 40, peakQueries: Int = 5, peakAt: Int? = 0, warmed: Int? = nil, peakKeys: Int? = nil,
        spread: Int? = nil, firstExpiry: Int? = nil, warmUp: Int? = 50, created: Int = 0, hidden: Int = 0, hiddenMs: Double = 0
    ) -> CacheStrategyResult {
        CacheStrategyResult(
            strategy: strategy, requests: 2000, hitRatio: 0.98, serverHitRatio: nil, backendQueries: queries, expiries: nil,
            backendQueriesPerExpiry: nil, maxConcurrentBackend: 2, locksExpiredWhileHeld: nil, lockWaitsGivenUp: nil, distinctKeys: nil,
            staleReads: 0, staleForMs: 0, servedStale: 0, negativeLookupsToBackend: 0,
            latencyMs: LatencySummary(p50: 1, p90: 1, p99: 2, p999: 3, max: 4), commandsPerRequest: 1, requestsPerSec: 5000,
            peakBackendQueriesPerBucket: peakQueries, peakBucketAtMs: peakAt, warmedKeys: warmed, peakKeysExpiringPerBucket: peakKeys,
            expirySpreadMs: spread, firstExpiryAtMs: firstExpiry, warmUpMs: warmUp, created: created, readsNotFoundAfterCreate: hidden,
            notFoundAfterCreateMs: hiddenMs)
    }

    private func text(jitter: Double = 0, _ results: CacheStrategyResult...) -> String {
        var report = CacheAsideReport(
            scenario: .steady, clients: 1, products: 1000, dbLatencyMs: 5, ttlSeconds: 60, invalidate: .delete, ttlJitter: jitter,
            bucketMs: 100)
        for result in results { report.strategies.set(result.strategy.rawValue, result) }
        return CacheAsideExplanation.sentences(report).joined(separator: " ")
    }

    @Test func aCachedMissThatHidARowIsCountedAndOneThatDidNotIsNamed() {
        let hidden = text(result(.none, created: 3), result(.naive, created: 3, hidden: 12, hiddenMs: 1234.4))
        #expect(
            hidden.contains(
                "The clients created 3 products under ids readers asked for; naive answered \"not found\" 12 times for a row that existed, up to 1,234 ms after its creation: a creation does nothing to the cache"
            ))
        #expect(hidden.contains("none never answered \"not found\" for a row that existed (of 3 products created)."))
        let clean = text(result(.none, created: 1), result(.naive, created: 1))
        #expect(!clean.contains("for a row that existed, up to"))
        #expect(clean.contains("none and naive never answered \"not found\" for a row that existed (of 1 product created)."))
        let nothingCreated = text(result(.none), result(.naive))
        #expect(!nothingCreated.contains("created"))
    }

    /// "Together" is the expiries no further apart than the warm-up took (and a bucket): a
    /// 10,000-key warm-up of a second puts fewer than half of its keys in one 100 ms, and they
    /// still expire as fast as they were written.
    @Test func keysExpireTogetherOnlyWhenNoFurtherApartThanTheWarmUp() {
        let together = text(result(.lock, warmed: 10_001, peakKeys: 2000, spread: 1063, firstExpiry: 60_300, warmUp: 1100))
        #expect(
            together.contains(
                "With no TTL jitter, the keys lock warmed expire together, as fast as they were written: 10,001 keys within 1,063 ms (the warm-up took 1,100 ms), up to 2,000 in one 100 ms"
            ))
        #expect(!together.contains("expire over"))
        let apart = text(jitter: 0.5, result(.lock, warmed: 10_001, peakKeys: 32, spread: 60_954, firstExpiry: 30_300, warmUp: 1100))
        #expect(
            apart.contains(
                "With TTLs spread by ±50%, the keys lock warmed expire over at least 60.9s, longer than the warm-up took (1,100 ms), no more than 32 in one 100 ms"
            ))
        #expect(!apart.contains("expire together"))
        // A slightly wider spread than the warm-up and a bucket is not "together" either.
        let wider = text(jitter: 0.001, result(.lock, warmed: 10_001, peakKeys: 1500, spread: 1300, firstExpiry: 60_200, warmUp: 1100))
        #expect(wider.contains("expire over at least 1.3s, longer than the warm-up took (1,100 ms)"))
    }

    @Test func theDatabaseWaveIsBlamedOnTheWarmUpOnlyWhenItCameAsTheKeysExpired() {
        // 30 of 40 queries in the bucket at 60,000 ms, where the warmed keys expire together.
        let refills = text(
            result(.naive, queries: 40, peakQueries: 30, peakAt: 60_000, warmed: 1001, peakKeys: 1001, spread: 40, firstExpiry: 60_020))
        #expect(refills.contains("In the database's busiest 100 ms, naive 30 of its 40 queries started."))
        #expect(refills.contains("naive ran more than half of its queries in that one bucket, when the keys warmed together expired"))
        // The same bunching at the start of the run, long before any warmed key expires.
        let early = text(
            result(.naive, queries: 40, peakQueries: 30, peakAt: 0, warmed: 1001, peakKeys: 1001, spread: 40, firstExpiry: 60_020))
        #expect(early.contains("naive ran more than half of its queries in that one bucket."))
        #expect(!early.contains("when the keys warmed together expired"))
        // Spread queries with jitter: no bunching claimed.
        let spread = text(
            jitter: 0.5,
            result(.naive, queries: 40, peakQueries: 3, peakAt: 0, warmed: 1001, peakKeys: 4, spread: 59_000, firstExpiry: 30_000))
        #expect(spread.contains("No strategy ran half its queries in one 100 ms."))
        #expect(!spread.contains("more than half"))
    }
}
