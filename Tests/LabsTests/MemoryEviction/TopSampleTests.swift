import Testing

@testable import Labs

@Suite struct TopSampleTests {
    private func info(_ fields: [String: String]) -> ServerInfo {
        ServerInfo(fields.map { "\($0.key):\($0.value)" }.joined(separator: "\r\n"))
    }

    private let base: [String: String] = [
        "total_commands_processed": "1000", "keyspace_hits": "100", "keyspace_misses": "50", "evicted_keys": "0", "expired_keys": "10",
        "used_memory": "50000000", "maxmemory": "100000000", "maxmemory_policy": "allkeys-lru", "used_memory_rss": "60000000",
        "mem_fragmentation_ratio": "1.2", "connected_clients": "3", "blocked_clients": "1", "total_net_input_bytes": "1000",
        "total_net_output_bytes": "5000", "db0": "keys=20,expires=5,avg_ttl=0", "db3": "keys=2,expires=0,avg_ttl=0",
    ]

    @Test func ratesAreDeltasOverTheInterval() {
        var later = base
        later["total_commands_processed"] = "3000"
        later["keyspace_hits"] = "175"
        later["keyspace_misses"] = "75"
        later["expired_keys"] = "14"
        later["total_net_input_bytes"] = "3000"
        let sample = TopSample.from(info(later), previous: info(base), seconds: 2, at: 2)
        #expect(sample.intervalSeconds == 2)
        #expect(sample.opsPerSec == 1000)
        #expect(sample.hitRatio == 0.75)
        #expect(sample.expiredPerSec == 2)
        #expect(sample.netInPerSec == 1000)
        #expect(
            sample.keys == [
                KeyspaceRow(database: "db0", line: "keys=20,expires=5")!, KeyspaceRow(database: "db3", line: "keys=2,expires=0")!,
            ])
        #expect(TopSample.from(info(base), previous: info(base), seconds: 1, at: 1).hitRatio == nil)
    }

    @Test func warningsForNumbersEasyToMisread() {
        var small = base
        small["used_memory"] = "1000000"
        small["mem_fragmentation_ratio"] = "7.5"
        var sample = TopSample.from(info(small), previous: nil, seconds: 0, at: 0)
        sample.warn(history: [])
        #expect(sample.warnings.count == 1 && sample.warnings[0].hasPrefix("fragmentation 7.5"))

        var volatile = base
        volatile["maxmemory_policy"] = "volatile-lru"
        volatile["db0"] = "keys=20,expires=0"
        volatile["db3"] = "keys=2,expires=0"
        sample = TopSample.from(info(volatile), previous: nil, seconds: 0, at: 0)
        sample.warn(history: [])
        #expect(sample.warnings == ["policy volatile-lru but no key has a TTL: nothing can be evicted, writes will fail at maxmemory"])

        var unlimited = base
        unlimited["maxmemory"] = "0"
        sample = TopSample.from(info(unlimited), previous: nil, seconds: 0, at: 0)
        sample.warn(history: [])
        #expect(sample.warnings == ["maxmemory is 0: the allkeys-lru policy never runs"])
    }

    @Test func evictionsClimbingWhileTheHitRatioFalls() {
        var history: [TopSample] = []
        for (evicted, ratio) in [(1.0, 0.9), (2.0, 0.85), (4.0, 0.8), (8.0, 0.7)] {
            var sample = TopSample.from(info(base), previous: nil, seconds: 0, at: 0)
            sample.evictedPerSec = evicted
            sample.hitRatio = ratio
            sample.warn(history: history)
            history.append(sample)
        }
        #expect(history.last?.warnings.last?.hasPrefix("evictions are climbing while the hit ratio falls (90.0% → 70.0%)") == true)
        #expect(history[2].warnings.isEmpty)
    }
}
