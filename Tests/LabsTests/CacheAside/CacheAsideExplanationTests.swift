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
        #expect(text.contains("With lock, 1 lock expired while its holder was still filling and 2 waiting clients gave up waiting and queried the database themselves"))
    }
}
