import RedisClient
import TestSupport
import Testing
import Workbench

/// redis-cli's key modes with `-c`: every master's keys, where redis-cli reads one node's.
@Suite(.needsRedis, .serialized) struct ClusterModesTests {
    @Test func scanAndKeySurveysCoverEveryMaster() async throws {
        try await ClusterFixture.withCluster(replicasPerMaster: 0) { cluster in
            let client = ClusterFixture.client(cluster)
            // Keys on every master: 300 strings of 1…300 bytes, and one list of 7 on its slot's master.
            for index in 1...300 { _ = try await client.send(["SET", "k:\(index)", String(repeating: "v", count: index)]) }
            _ = try await client.send(["RPUSH", "list", "1", "2", "3", "4", "5", "6", "7"])
            let topology = try #require(try await client.clusterTopology())
            await client.close()
            let port = try #require(topology.masters.first?.port)
            let rwb = TestShell.quote(TestShell.rwbPath)
            func run(_ flags: String) async throws -> String {
                let (output, status) = try await TestShell.capture("\(rwb) -c -p \(port) \(flags) 2>&1 </dev/null")
                let text = String(decoding: output, as: UTF8.self)
                #expect(status == 0, "\(flags): \(text)")
                return text
            }
            #expect(try await run("--scan").split(separator: "\n").count == 301)
            let big = try await run("--bigkeys")
            #expect(big.contains("Sampled 301 keys in the keyspace!\n"), "\(big)")
            #expect(big.contains("Biggest string found '\"k:300\"' has 300 bytes\n"), "\(big)")
            #expect(big.contains("300 strings with 45150 bytes (99.67% of keys, avg size 150.50)\n"), "\(big)")
            #expect(big.contains("1 lists with 7 items (00.33% of keys, avg size 7.00)\n"), "\(big)")
            let memory = try await run("--memkeys")
            #expect(memory.contains("Sampled 301 keys in the keyspace!\n"), "\(memory)")
        }
    }
}
