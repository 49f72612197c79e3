import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

/// `sessions eviction` on a real server: its sessions are the only keys with a TTL, so a
/// volatile policy can evict nothing else, and noeviction evicts nothing. Which session an
/// approximated LRU picks is the server's sampling: signs and the books' balance are checked,
/// not sizes.
@Suite(.needsRedis) struct SessionsEvictionTests {
    private let line = ".lab sessions eviction --policies noeviction,volatile-lru --users 50 --cache-entries 400 --allow-config"

    @Test func volatilePoliciesLogUsersOutAndNoevictionRefusesWrites() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let before = try await client.call("DBSIZE").int
            let maxmemory = try await client.call("CONFIG", "GET", "maxmemory").elements?.last?.string
            let policy = try await client.call("CONFIG", "GET", "maxmemory-policy").elements?.last?.string
            let run = await LabRun.run(line, on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let none = "policies[policy=noeviction]"
            #expect(try run.number("\(none).logged_out_by_eviction") == 0)
            #expect(try run.number("\(none).evicted_keys") == 0)
            #expect(try run.number("\(none).cache_writes_refused") > 0)
            #expect(try run.number("\(none).sessions_left") == 50)
            let volatile = "policies[policy=volatile-lru]"
            #expect(try run.number("\(volatile).logged_out_by_eviction") > 0)
            // Only sessions carry a TTL: every key evicted is a user logged out.
            #expect(try run.number("\(volatile).evicted_keys") == run.number("\(volatile).logged_out_by_eviction"))
            #expect(try run.number("\(volatile).logged_out_by_eviction") + run.number("\(volatile).sessions_left") == 50)
            // Cache entries written and not evicted are all still there.
            #expect(try run.number("\(volatile).cache_entries_left") == run.number("\(volatile).cache_writes_accepted"))
            #expect(run.words.contains("only sessions have a TTL here, so every key it evicted was a session"))
            #expect(try await client.call("DBSIZE").int == before)
            #expect(try await client.call("CONFIG", "GET", "maxmemory").elements?.last?.string == maxmemory)
            #expect(try await client.call("CONFIG", "GET", "maxmemory-policy").elements?.last?.string == policy)
            await client.close()
        }
    }

    @Test func aNamedServerIsRefusedWithoutAllowConfigAndTheSessionsLabIsNot() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(".lab sessions eviction --quick", on: server)
            guard case .usage(let message)? = run.result.failure else {
                Issue.record("\(String(describing: run.result.failure))")
                return
            }
            #expect(message.contains("--allow-config") && message.contains("--local"))
        }
    }
}
