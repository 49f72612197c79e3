import RESP
import RedisClient
import TestSupport
import Testing

@testable import Labs
@testable import Workbench

/// Keys warmed together with one TTL expire together: the database's busiest 100 ms
/// (counted by the database as each query starts) holds most of the refills; ±50% TTL
/// jitter on the same seed spreads them.
@Suite(.needsRedis) struct CacheAsideTTLJitterWaveTests {
    /// lock (one query per expired key, however many clients miss it at once) on four
    /// clients; 16 products read uniformly, no writes, no missing ids, no featured query:
    /// every query is a warmed key read again after it expired. Buckets of 500 ms and a 2 s
    /// TTL, so that a busy machine (a loaded CI box reads a few hundred a second) still
    /// reads every product within one bucket of the expiry.
    static func line(jitter: Double) -> String {
        ".lab cache-aside --strategy lock --clients 4 --products 16 --zipf 0 --write-ratio 0 --missing-ratio 0 --featured-ratio 0 "
            + "--ttl 2s --duration 3.5s --bucket 500ms --db-latency 0 --seed 11 --ttl-jitter \(jitter)"
    }

    @Test func warmedKeysExpireTogetherAndJitterSpreadsThem() async throws {
        try await ServerFixture.withServer { server async throws in
            let together = await LabRun.run(Self.line(jitter: 0), on: server)
            let spread = await LabRun.run(Self.line(jitter: 0.5), on: server)
            #expect(together.result.ok && spread.result.ok, "\(together.errors) \(spread.errors)")
            #expect(try together.number("bucket_ms") == 500)
            #expect(try together.number("ttl_jitter") == 0)
            #expect(try spread.number("ttl_jitter") == 0.5)
            let queries = try together.number("strategies.lock.backend_queries")
            let peak = try together.number("strategies.lock.peak_backend_queries_per_bucket")
            // One refill per product read after the wave (a refill at 2 s lives past the run's end).
            #expect(queries <= 16 && queries >= 14, "\(queries)")
            // The wave: more than half of those refills in one bucket, the one at the TTL.
            #expect(peak * 2 > queries, "peak \(peak) of \(queries)")
            let at = try together.number("strategies.lock.peak_bucket_at_ms")
            #expect(at >= 2000 && at <= 2500, "\(at)")
            #expect(
                together.flatOutput.contains(
                    "lock ran more than half of its queries in that one bucket: with no TTL jitter, keys warmed together expired together."),
                "\(together.output)")
            // Jitter: the same reads, the expiries spread over two seconds.
            let spreadQueries = try spread.number("strategies.lock.backend_queries")
            let spreadPeak = try spread.number("strategies.lock.peak_backend_queries_per_bucket")
            #expect(spreadPeak < peak, "\(spreadPeak) vs \(peak)")
            #expect(spreadPeak * 2 <= spreadQueries, "peak \(spreadPeak) of \(spreadQueries)")
        }
    }

    private func report(peak: Int, queries: Int, jitter: Double) -> CacheAsideReport {
        var report = CacheAsideReport(scenario: .steady, clients: 1, products: 20, dbLatencyMs: 0, ttlSeconds: 1, invalidate: .delete)
        report.ttlJitter = jitter
        report.strategies.set(
            "naive",
            CacheStrategyResult(
                strategy: .naive, requests: 1000, hitRatio: 0.98, serverHitRatio: nil, backendQueries: queries, expiries: nil,
                backendQueriesPerExpiry: nil, maxConcurrentBackend: 1, locksExpiredWhileHeld: nil, lockWaitsGivenUp: nil, distinctKeys: nil,
                staleReads: 0, staleForMs: 0, servedStale: 0, negativeLookupsToBackend: 0, latencyMs: LatencyRecorder().summary,
                commandsPerRequest: 1.1, requestsPerSec: 500, peakBackendQueriesPerBucket: peak, peakBucketAtMs: 1000))
        return report
    }

    @Test func theWaveSentenceFollowsThePeak() {
        let wave = CacheAsideExplanation.sentences(report(peak: 18, queries: 20, jitter: 0)).joined(separator: " ")
        #expect(wave.contains("In the database's busiest 100 ms, naive 18 of its 20 queries started."))
        #expect(
            wave.contains(
                "naive ran more than half of its queries in that one bucket: with no TTL jitter, keys warmed together expired together."))
        let spread = CacheAsideExplanation.sentences(report(peak: 4, queries: 22, jitter: 0.5)).joined(separator: " ")
        #expect(spread.contains("In the database's busiest 100 ms, naive 4 of its 22 queries started."))
        #expect(!spread.contains("expired together"))
        #expect(spread.contains("With TTLs spread by ±50%, no strategy ran half its queries in one bucket."))
        // Exactly half is not "more than half".
        #expect(!CacheAsideExplanation.sentences(report(peak: 10, queries: 20, jitter: 0)).joined().contains("expired together"))
    }
}

@Suite struct CacheAsideTTLJitterOptionTests {
    @Test func jitterWithoutACacheIsRefused() throws {
        let entry = try #require(LabCatalog.named("cache-aside"))
        #expect(entry.problem(["--strategy", "none", "--ttl-jitter", "0.2"])?.contains("caches nothing") == true)
        #expect(entry.problem(["--strategy", "none,naive", "--ttl-jitter", "0.2"]) == nil)
        #expect(entry.problem(["--ttl-jitter", "1.5"])?.contains("from 0 to 1") == true)
        #expect(entry.problem(["--bucket", "0s"]) != nil)
        #expect(entry.problem(["--bucket", "2m"]) != nil)
        #expect(entry.problem(["--bucket", "1.5ms"])?.contains("whole milliseconds") == true)
        #expect(entry.problem(["--bucket", "250ms"]) == nil)
    }
}
