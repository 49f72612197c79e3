import Testing

@testable import Labs
@testable import Workbench

/// The stampede's "What this shows" is built from the report's numbers: a lock that held
/// says the others waited; one that failed names how, instead of claiming they waited.
@Suite struct CacheAsideExplanationTests {
    private func report(lockGaveUp: Int, lockExpired: Int) -> CacheAsideReport {
        var report = CacheAsideReport(scenario: .stampede, clients: 8, products: 1000, dbLatencyMs: 5, ttlSeconds: 1, invalidate: .delete)
        let latency = LatencySummary(p50: 1, p90: 1, p99: 2, p999: 3, max: 4)
        func result(_ strategy: CacheStrategy, queries: Int, lockEvents: (Int, Int)?) -> CacheStrategyResult {
            CacheStrategyResult(
                strategy: strategy, requests: 20_000, hitRatio: 0.999, serverHitRatio: nil, backendQueries: queries, expiries: 3,
                backendQueriesPerExpiry: (Double(queries) / 3 * 100).rounded() / 100, maxConcurrentBackend: strategy == .naive ? 8 : 1,
                locksExpiredWhileHeld: lockEvents?.1, lockWaitsGivenUp: lockEvents?.0, distinctKeys: nil, staleReads: 0,
                staleForMs: 0, servedStale: 0, negativeLookupsToBackend: 0, latencyMs: latency, commandsPerRequest: 1, requestsPerSec: 5000)
        }
        report.strategies.set("naive", result(.naive, queries: 24, lockEvents: nil))
        report.strategies.set("lock", result(.lock, queries: 3 + lockGaveUp, lockEvents: (lockGaveUp, lockExpired)))
        return report
    }

    @Test func aLockThatHeldSaysTheOthersWaited() {
        let text = CacheAsideExplanation.sentences(report(lockGaveUp: 0, lockExpired: 0)).joined(separator: " ")
        #expect(text.contains("naive sent 8 queries per expiry, up to 8 at once."))
        #expect(text.contains("lock sent 1 per expiry, never more than 1 at once: the other clients waited for the one holding the lock."))
        #expect(!text.contains("gave up"))
    }

    @Test func aLockThatFailedNamesHow() {
        let text = CacheAsideExplanation.sentences(report(lockGaveUp: 2, lockExpired: 1)).joined(separator: " ")
        #expect(text.contains("lock sent 1.67 per expiry, never more than 1 at once."))
        #expect(!text.contains("waited for the one holding"))
        #expect(
            text.contains(
                "With lock, 1 lock expired while its holder was still filling and 2 waiting clients gave up waiting and queried the database themselves"
            ))
    }
}

/// xfetch, swr and the race: each claim is made only when the numbers bear it out.
@Suite struct CacheAsideClaimTests {
    private func result(
        _ strategy: CacheStrategy, expiries: Int? = nil, queries: Int = 3, staleReads: Int = 0, staleForMs: Double = 0,
        servedStale: Int = 0, refreshes: Int? = nil
    ) -> CacheStrategyResult {
        CacheStrategyResult(
            strategy: strategy, requests: 20_000, hitRatio: 0.99, serverHitRatio: nil, backendQueries: queries, expiries: expiries,
            backendQueriesPerExpiry: expiries.flatMap { $0 > 0 ? Double(queries) / Double($0) : nil }, maxConcurrentBackend: 2,
            locksExpiredWhileHeld: nil, lockWaitsGivenUp: nil, distinctKeys: nil, staleReads: staleReads, staleForMs: staleForMs,
            servedStale: servedStale, refreshes: refreshes, negativeLookupsToBackend: 0,
            latencyMs: LatencySummary(p50: 1, p90: 1, p99: 2, p999: 3, max: 4), commandsPerRequest: 1, requestsPerSec: 5000)
    }

    private func text(_ scenario: CacheScenario, ttl: Double = 1, _ results: CacheStrategyResult...) -> String {
        var report = CacheAsideReport(scenario: scenario, clients: 8, products: 1000, dbLatencyMs: 5, ttlSeconds: ttl, invalidate: .delete)
        for result in results { report.strategies.set(result.strategy.rawValue, result) }
        return CacheAsideExplanation.sentences(report).joined(separator: " ")
    }

    @Test func xfetchSaysItRecomputedInTimeOnlyWithNoExpiry() {
        let held = text(.stampede, result(.xfetch, expiries: 0, queries: 4))
        #expect(held.contains("xfetch recomputed before expiry: the key never expired and the database ran 4 queries."))
        let failed = text(.stampede, result(.xfetch, expiries: 3, queries: 12))
        #expect(!failed.contains("recomputed before expiry"))
        #expect(failed.contains("the key expired 3 times, and the database ran 12 queries, 4 per expiry, up to 2 at once."))
    }

    @Test func swrStatesTheCountedRefreshesNeverOneClient() {
        let one = text(.stampede, result(.swr, queries: 1, servedStale: 40, refreshes: 1))
        #expect(one.contains("swr answered 40 reads with a value past its soft expiry; 1 background refresh ran (1 query in all)."))
        let many = text(.stampede, result(.swr, queries: 5, servedStale: 40, refreshes: 5))
        #expect(many.contains("5 background refreshes ran"))
        let uncounted = text(.stampede, result(.swr, queries: 5, servedStale: 40, refreshes: nil))
        for text in [one, many, uncounted] { #expect(!text.contains("one client refreshed")) }
        #expect(!uncounted.contains("refresh"))
    }

    @Test func theRaceSaysTheTTLEndedItOnlyWhenStaleForMatchesTheTTL() {
        let atTTL = text(.race, result(.lock, staleReads: 38, staleForMs: 960))
        #expect(atTTL.contains("With lock it lasted until the TTL ran out."))
        // naive writes SET EX in whole seconds: a 1.4 s TTL is 1 s in Redis.
        let naive = text(.race, ttl: 1.4, result(.naive, staleReads: 38, staleForMs: 975))
        #expect(naive.contains("With naive it lasted until the TTL ran out."))

        let sooner = text(.race, result(.xfetch, staleReads: 10, staleForMs: 300))
        #expect(!sooner.contains("until the TTL"))
        #expect(
            sooner.contains("With xfetch the old version stopped being served after 300 ms, sooner than its TTL (1s) would have ended it."))

        // The observer stops at 2 × TTL + 1 s: 3 s here.
        let unended = text(.race, result(.lock, staleReads: 115, staleForMs: 2990))
        #expect(!unended.contains("until the TTL"))
        #expect(unended.contains("lock was still serving the old version when the observer stopped watching, 2,990 ms after the commit."))
    }
}
