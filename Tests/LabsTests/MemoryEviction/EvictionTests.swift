import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

@testable import Labs

/// The exact references by hand, then the lab on real servers.
@Suite struct CacheSimulatorTests {
    // Capacity 2, requests 0 1 2 0 3 0 4 1, worked out on paper:
    // LRU: misses except the second 0 after 3 → 1 hit.
    // LFU (ties to the least recent): the same single hit.
    // Optimal: keeps 0 for its next uses → hits at 0 (index 3) and 0 (index 5) → 2 hits.
    static let requests = [0, 1, 2, 0, 3, 0, 4, 1]

    @Test func handCountedSequence() {
        #expect(CacheSimulator.lru(Self.requests, keys: 5, capacity: 2) == 1)
        #expect(CacheSimulator.lfu(Self.requests, keys: 5, capacity: 2) == 1)
        #expect(CacheSimulator.optimal(Self.requests, keys: 5, capacity: 2) == 2)
    }

    @Test func lruAndLfuDifferWhereFrequencyMatters() {
        // Capacity 2: 0 is used three times, then 1, 2, 1, 2… push it out under LRU, not LFU.
        let requests = [0, 0, 0, 1, 2, 0, 1, 2, 0]
        #expect(CacheSimulator.lru(requests, keys: 3, capacity: 2) == 2)
        #expect(CacheSimulator.lfu(requests, keys: 3, capacity: 2) == 4)
    }

    @Test func optimalIsAnUpperBoundAndEnoughRoomHitsEveryRepeat() {
        var generator = SeededGenerator(seed: 12)
        for _ in 0..<20 {
            let keys = 20
            let requests = (0..<500).map { _ in generator.index(below: keys) }
            for capacity in [1, 3, 7] {
                let results = CacheSimulator.all(requests, keys: keys, capacity: capacity, seed: 3)
                #expect(results.optimal >= max(results.exactLRU, results.exactLFU, results.random))
            }
            let everything = CacheSimulator.all(requests, keys: keys, capacity: keys, seed: 3)
            let repeats = requests.count - Set(requests).count
            #expect(everything == CacheSimulator.Results(exactLRU: repeats, exactLFU: repeats, random: repeats, optimal: repeats))
        }
        #expect(CacheSimulator.lru([1, 1], keys: 2, capacity: 0) == 0)
    }
}

@Suite(.needsRedis) struct EvictionLabTests {
    private func config(_ client: RedisClient, _ name: String) async throws -> String {
        try await client.call("CONFIG", "GET", name).elements?.last?.string ?? ""
    }

    @Test func aNamedServerIsRefusedWithoutAllowConfig() async throws {
        try await ServerFixture.withServer { server async throws in
            // LabRun's session did not start this server: to the lab it is a named one.
            let run = await LabRun.run(".lab eviction --quick --policy allkeys-lru", on: server)
            guard case .usage(let message)? = run.result.failure else {
                Issue.record("\(String(describing: run.result.failure))")
                return
            }
            #expect(message.contains("--allow-config") && message.contains("--local"))
        }
    }

    @Test func sampledLRUIsCloseToExactLRUAndEverySettingComesBack() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let policy = try await config(client, "maxmemory-policy")
            let samples = try await config(client, "maxmemory-samples")
            let run = await LabRun.run(
                ".lab eviction --quick --keys 4000 --rate 750 --policy allkeys-lru,noeviction --sweep maxmemory-samples=1,10 --allow-config --json --seed 4",
                on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let redis = try run.number("results[policy=allkeys-lru].hit_ratio")
            let exact = try run.number("reference.exact_lru")
            let random = try run.number("reference.random")
            // Paced at 750 requests a second for 8 s: eight ticks of Redis's LRU clock (at
            // 2,000 a second, three ticks, Redis's LRU came out nearer random than exact in
            // some runs: keys used within one tick look equally old). 4,000 keys, so that about
            // 970 fit: a few tens of KB of client buffers moved a 470-key capacity by over 10%. Random eviction comes within a few
            // points of exact LRU on this workload (about 0.69 against 0.72), so a bound of a
            // few points would pass it too: Redis's LRU must be nearer exact LRU than random.
            // (Seed 4 at these settings, two runs: Redis LRU 0.0008 and 0.0014 from exact, 0.013
            // from random; 10 samples 0.0004 and 0.0001 from exact, 1 sample 0.015 and 0.019.
            // At 2,000 a second and 2,000 keys it was 0.02 from exact and 0.01–0.02 from random.)
            #expect(abs(redis - exact) < abs(redis - random), "Redis \(redis), exact \(exact), random \(random)")
            // More samples approximate LRU better on the same requests: 10 samples nearer
            // exact LRU than 1 (one sample is eviction of a key at random).
            let one = try run.number("sweep.points[value=1].hit_ratio")
            let ten = try run.number("sweep.points[value=10].hit_ratio")
            #expect(abs(ten - exact) < abs(one - exact), "samples 1: \(one), 10: \(ten), exact \(exact)")
            #expect(try run.number("reference.optimal") >= exact)
            // Every miss wrote one key, no TTL ran out: what is left is written minus evicted
            // minus refused, to the key. (allkeys-lru refuses too when evicting cannot free
            // enough in time: rarely, on a loaded machine.)
            let requests = try run.number("requests")
            for policy in ["allkeys-lru", "noeviction"] {
                let written = requests - (try run.number("results[policy=\(policy)].hits"))
                let lost = try run.number("results[policy=\(policy)].evicted_keys") + run.number("results[policy=\(policy)].oom_errors")
                #expect(written - lost == (try run.number("results[policy=\(policy)].keys_held")), "\(policy)")
            }
            #expect(try run.number("results[policy=noeviction].oom_errors") > 0)
            #expect(try run.number("results[policy=allkeys-lru].evicted_keys") > 0)
            // The capacity the references use is what noeviction ended up holding, within 10%.
            let capacity = try run.number("capacity_keys")
            #expect(abs(try run.number("results[policy=noeviction].keys_held") - capacity) < capacity * 0.1)
            #expect(try await config(client, "maxmemory") == "0")
            #expect(try await config(client, "maxmemory-policy") == policy)
            #expect(try await config(client, "maxmemory-samples") == samples)
            #expect(try await client.call("DBSIZE") == .integer(0))
            await client.close()
        }
    }

    @Test func othersKeysAreNeverPutAtRisk() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            try await client.call("SET", "app:precious", "1")
            let run = await LabRun.run(".lab eviction --quick --policy allkeys-lru --allow-config", on: server)
            #expect(
                run.result.failure?.message.contains("holds 1 keys that are not the lab's") == true,
                "\(String(describing: run.result.failure))")
            #expect(try await config(client, "maxmemory") == "0")
            #expect(try await client.call("GET", "app:precious") == .bulk(Array("1".utf8)))
            await client.close()
        }
    }

    @Test func anErrorMidRunStopsItPartialAndRestoresTheSettings() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let run = Task { await LabRun.run(".lab eviction --policy all --allow-config --json", on: server) }
            // Once the lab has set maxmemory, drop every connection but this one.
            for _ in 0..<200 where try await config(client, "maxmemory") == "0" { try await Task.sleep(for: .milliseconds(50)) }
            try await Task.sleep(for: .milliseconds(300))
            _ = try await client.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")
            let result = await run.value
            #expect(!result.result.ok)
            #expect(result.report?["partial"] == .bool(true), "\(result.output.suffix(400)) \(result.errors)")
            #expect(try await config(client, "maxmemory") == "0")
            #expect(try await config(client, "maxmemory-policy") == "noeviction")
            #expect(try await client.call("DBSIZE") == .integer(0))
            await client.close()
        }
    }

    @Test func ctrlCRestoresTheSettings() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let script = """
                \(TestShell.quote(TestShell.rwbPath)) -p \(server.port!) lab eviction --policy all --allow-config >/dev/null 2>&1 &
                child=$!
                \(TestShell.waitUntilPositive(port: server.port!, "CONFIG GET maxmemory"))
                kill -INT $child
                wait $child
                echo $?
                """
            let (output, _) = try await TestShell.capture(script)
            #expect(String(decoding: output, as: UTF8.self) == "130\n")
            #expect(try await config(client, "maxmemory") == "0")
            #expect(try await config(client, "maxmemory-policy") == "noeviction")
            #expect(try await client.call("DBSIZE") == .integer(0))
            await client.close()
        }
    }
}

@Suite struct EvictionWorkloadTests {
    static func lab(shift: Double) -> EvictionLab {
        EvictionLab(
            policies: ["allkeys-lru"], keys: 200, capacity: 0.25, requests: 4000, zipf: 1.0, shift: shift, ttlShare: 0.5, rate: 1000,
            valueSize: 10, sweep: nil)
    }

    static func mostRequested(_ keys: ArraySlice<Int>) -> Int {
        Dictionary(keys.map { ($0, 1) }, uniquingKeysWith: +).max { $0.value < $1.value }?.key ?? -1
    }

    @Test func theSameSeedGivesTheSameRequestsAndTTLs() {
        let one = Self.lab(shift: 0.5).workload(seed: 7)
        let again = Self.lab(shift: 0.5).workload(seed: 7)
        #expect(one.keys == again.keys && one.ttl == again.ttl)
        #expect(one.keys != Self.lab(shift: 0.5).workload(seed: 8).keys)
        // About half the keys carry a TTL, each from 10 to 60 minutes.
        #expect((70...130).contains(one.ttl.count))
        #expect(one.ttl.values.allSatisfy { (600...3600).contains($0) })
    }

    @Test func halfwayThePopularKeysMove() {
        let still = Self.lab(shift: 0).workload(seed: 3).keys
        #expect(Self.mostRequested(still[..<2000]) == Self.mostRequested(still[2000...]))
        let moved = Self.lab(shift: 1).workload(seed: 3).keys
        #expect(Self.mostRequested(moved[..<2000]) != Self.mostRequested(moved[2000...]))
    }
}
