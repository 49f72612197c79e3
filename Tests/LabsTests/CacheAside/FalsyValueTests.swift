import TestSupport
import Testing

@testable import Labs
@testable import Workbench

/// `--missing-as undefined`: the tutorial's fetcher returns `rows[0]`, undefined for a
/// missing row; ioredis stores it as an empty string, and `if (cached)` reads that as a miss
/// on every request. Counted by the clients, checked against a hand count on a real server.
@Suite(.needsRedis) struct FalsyValueTests {
    /// One product that does not exist, asked for 100 times by one client: with null it is
    /// queried once and then served "not found" from the cache; with undefined every read
    /// queries the database, and 99 of them first found the empty string in Redis.
    @Test func anEmptyCachedValueIsAMissEveryTime() async throws {
        try await ServerFixture.withServer { server async throws in
            let common =
                "--clients 1 --requests 100 --products 1 --missing-ratio 1 --write-ratio 0 --featured-ratio 0 --strategy naive --seed 3"
            let null = await LabRun.run(".lab cache-aside \(common) --json", on: server)
            let undefined = await LabRun.run(".lab cache-aside \(common) --missing-as undefined --json", on: server)
            #expect(null.result.ok && undefined.result.ok, "\(null.errors) \(undefined.errors)")
            #expect(try null.number("strategies.naive.backend_queries") == 1)
            #expect(try null.number("strategies.naive.cached_values_read_as_misses") == 0)
            #expect(try undefined.number("strategies.naive.backend_queries") == 100)
            #expect(try undefined.number("strategies.naive.negative_lookups_to_backend") == 100)
            #expect(try undefined.number("strategies.naive.cached_values_read_as_misses") == 99)
            #expect(try undefined.number("strategies.naive.hit_ratio") == 0)
        }
    }

    @Test func undefinedIsRefusedWithoutNaive() throws {
        let lab = try #require(LabCatalog.named("cache-aside"))
        #expect(lab.problem(["--strategy", "lock", "--missing-as", "undefined"])?.contains("without --strategy naive") == true)
        #expect(lab.problem(["--strategy", "lock,naive", "--missing-as", "undefined"]) == nil)
        #expect(lab.problem(["--missing-as", "nil"]) != nil)
    }

    private func report(missing: MissingRow, falsy: Int?) -> CacheAsideReport {
        var report = CacheAsideReport(
            scenario: .steady, clients: 1, products: 1, dbLatencyMs: 5, ttlSeconds: 60, invalidate: .delete, missingRow: missing)
        report.strategies.set(
            "naive",
            CacheStrategyResult(
                strategy: .naive, requests: 100, hitRatio: 0, serverHitRatio: nil, backendQueries: 100, expiries: nil,
                backendQueriesPerExpiry: nil, maxConcurrentBackend: 1, locksExpiredWhileHeld: nil, lockWaitsGivenUp: nil,
                distinctKeys: nil, staleReads: 0, staleForMs: 0, servedStale: 0, negativeLookupsToBackend: 100,
                latencyMs: LatencySummary(p50: 1, p90: 1, p99: 2, p999: 3, max: 4), commandsPerRequest: 2, requestsPerSec: 100,
                peakBackendQueriesPerBucket: 5, peakBucketAtMs: 0, cachedValuesReadAsMisses: falsy))
        return report
    }

    @Test func theSentenceFollowsTheCount() {
        let read = CacheAsideExplanation.sentences(report(missing: .undefined, falsy: 99)).joined(separator: " ")
        #expect(read.contains("if (cached) took it for a miss 99 times"), "\(read)")
        let never = CacheAsideExplanation.sentences(report(missing: .undefined, falsy: 0)).joined(separator: " ")
        #expect(!never.contains("took it for a miss") && never.contains("no read found the empty string"), "\(never)")
        let null = CacheAsideExplanation.sentences(report(missing: .null, falsy: 0)).joined(separator: " ")
        #expect(!null.contains("empty string"), "\(null)")
    }
}
