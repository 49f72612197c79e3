import RESP
import TestSupport
import Testing
import Workbench

/// A server that refuses the lab's writes for another reason than being full says so: on a
/// read-only replica the lab stopped with "holds no key … raise --capacity", a cause it had
/// not seen.
@Suite(.needsRedis) struct EvictionRefusalTests {
    @Test func aReadOnlyReplicaIsNamedAsTheCauseAndKeepsItsSettings() async throws {
        try await ServerFixture.withServer { master async throws in
            try await ServerFixture.withServer(arguments: ["--replicaof", "127.0.0.1", String(master.port!)]) { replica async throws in
                let run = await LabRun.run(".lab eviction --quick --allow-config --policy allkeys-lru", on: replica)
                let message = run.result.failure?.message ?? ""
                #expect(message.contains("READONLY"), "\(message)")
                #expect(!message.contains("raise --capacity"))
                let client = ServerFixture.client(replica)
                #expect(try await client.call("CONFIG", "GET", "maxmemory").elements?.last == .bulk("0"))
                #expect(try await client.call("CONFIG", "GET", "maxmemory-policy").elements?.last == .bulk("noeviction"))
                await client.close()
            }
        }
    }
}
