import RESP
import RedisClient
import Synchronization
import TestSupport
import Testing
import Workbench

@testable import Labs

/// What the lab reports when a fill lock fails: a holder slower than the lock's TTL. In the
/// lab this takes a starved process (its lock TTL is at least 20 database latencies), so it
/// is forced here on a real server: the holder's lock lives 2 s and its query outlasts it;
/// the waiter waits at most 100 ms. Latches fix the order, not sleeps.
@Suite(.needsRedis) struct LockFailureTests {
    @Test func aSlowHolderLosesItsLockAndTheWaiterQueriesItself() async throws {
        try await ServerFixture.withServer { server in
            let holder = try await RedisConnection.connect(server.options)
            let waiter = try await RedisConnection.connect(server.options)
            let release = LuaScript(LuaScript.compareAndDeleteSource)
            try await release.load(on: holder)
            let events = LockEvents()
            func client(_ connection: RedisConnection, lockTTL: Duration, seed: UInt64) -> CacheClient {
                let settings = CacheSettings(
                    ttl: .seconds(60), ttlJitter: 0, negativeTTL: nil, beta: 1,
                    lockTTL: lockTTL, pollInterval: .milliseconds(5), staleWindow: .seconds(60))
                return CacheClient(
                    strategy: .lock, connection: connection, settings: settings, clock: SystemClock(), releaseScript: release,
                    refreshes: BackgroundWork(), lockEvents: events, generator: SeededGenerator(seed: seed))
            }
            let queries = Atomic<Int>(0)
            let holderQuerying = Latch()
            let waiterQueried = Latch()
            async let first: CacheRead = {
                // 5 s: a waiter starved for seconds on a loaded CI must still find it held.
                var holding = client(holder, lockTTL: .seconds(5), seed: 1)
                return try await holding.read("rwb:lab:test:hot") {
                    queries.wrappingAdd(1, ordering: .relaxed)
                    holderQuerying.open()
                    await waiterQueried.wait()
                    // Past the lock's 5 s, so that the release finds it gone.
                    try await Task.sleep(for: .milliseconds(5100))
                    return Array("row".utf8)
                }
            }()
            await holderQuerying.wait()
            var waiting = client(waiter, lockTTL: .milliseconds(100), seed: 2)
            let second = try await waiting.read("rwb:lab:test:hot") {
                queries.wrappingAdd(1, ordering: .relaxed)
                waiterQueried.open()
                return Array("row".utf8)
            }
            let firstRead = try await first
            #expect(firstRead.value == Array("row".utf8) && second.value == Array("row".utf8))
            #expect(!firstRead.fromCache && !second.fromCache)
            #expect(queries.load(ordering: .relaxed) == 2)
            #expect(events.waitsGivenUp.value == 1)
            #expect(events.expiredWhileHeld.value == 1)
            // The lock that outlived its holder is one of the server's expired keys: the lab
            // subtracts it from expired_keys to count the cached value's expiries.
            let stats = try await holder.call("INFO", "stats")
            #expect(stats.string?.contains("expired_keys:1\r\n") == true, "\(stats)")
            await holder.close()
            await waiter.close()
        }
    }
}
