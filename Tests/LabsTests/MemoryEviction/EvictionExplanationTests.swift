import Testing

@testable import Labs
@testable import Workbench

/// The eviction lab's "What this shows": the bound, the OOM counts and the LRU clock's
/// caveat each follow from the rows.
@Suite struct EvictionExplanationTests {
    private func report(_ rows: [(policy: String, hitRatio: Double, oom: Int, seconds: Double)], optimal: Int = 700) -> EvictionReport {
        var report = EvictionReport(keys: 10_000, requests: 1000, rate: 1000)
        report.capacityKeys = 2000
        report.reference = EvictionReference(
            CacheSimulator.Results(exactLRU: 500, exactLFU: 550, random: 400, optimal: optimal), requests: 1000)
        report.results = rows.map {
            EvictionResult(
                policy: $0.policy, hitRatio: $0.hitRatio, hits: Int($0.hitRatio * 1000), evictedKeys: 10, oomErrors: $0.oom,
                usedMemory: 1 << 20, keysHeld: 2000, seconds: $0.seconds)
        }
        return report
    }

    private func text(_ report: EvictionReport) -> String { EvictionExplanation.sentences(report).joined(separator: " ") }

    @Test func theBoundIsCalledUnbeatenOnlyWhenNoRowBeatIt() {
        let under = text(report([("allkeys-lru", 0.49, 0, 30), ("allkeys-lfu", 0.56, 0, 30)]))
        #expect(under.contains("No policy beat 70%: Belady's optimal, which knows every request to come."))
        let over = text(report([("allkeys-lru", 0.49, 0, 30), ("allkeys-lfu", 0.72, 0, 30)]))
        #expect(!over.contains("No policy"))
        #expect(over.contains("allkeys-lfu (72%) hit more than Belady's optimal (70%), which is computed for exactly 2,000 keys"))
        #expect(!over.contains("allkeys-lru (49%)"))
    }

    @Test func onlyAShortRunIsSaidToMeasureLittle() {
        let short = text(report([("allkeys-lru", 0.49, 0, 2.5)]))
        #expect(
            short.contains(
                "each run spanned about 2.5 s, so it could tell apart at most that many ages; a run this short measures little of it."))
        let long = text(report([("allkeys-lru", 0.49, 0, 60)]))
        #expect(long.contains("each run spanned about 60 s, so it could tell apart at most that many ages."))
        #expect(!long.contains("measures little"))
    }

    @Test func volatilePoliciesAreGivenTheirCountedRefusalsAndNoUncountedCause() {
        let stuck = text(report([("volatile-lru", 0.3, 12, 30), ("volatile-ttl", 0.3, 1, 30)]))
        #expect(
            stuck.contains(
                "volatile-lru refused 12 writes and volatile-ttl refused 1 write with OOM: a volatile policy may evict only keys with a TTL."
            ))
        #expect(!stuck.contains("none was left"))
        #expect(!text(report([("volatile-lru", 0.3, 0, 30)])).contains("refused"))
    }
}
