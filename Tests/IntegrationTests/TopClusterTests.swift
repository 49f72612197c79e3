import Foundation
import RedisClient
import TestSupport
import Testing
import Workbench

/// `rwb top` on a cluster: `-c` accepted, and a failover followed to the new master.
@Suite(.needsRedis, .serialized) struct TopClusterTests {
    /// The JSON readings `rwb top` printed, one a line.
    private func readings(_ text: Substring) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    private func nodes(_ reading: [String: Any]) -> [String] {
        (reading["nodes"] as? [[String: Any]] ?? []).compactMap { $0["node"] as? String }
    }

    @Test func topTakesClusterModeAndFollowsAFailover() async throws {
        try await ClusterFixture.withCluster { cluster in
            let client = ClusterFixture.client(cluster)
            let topology = try #require(try await client.clusterTopology())
            await client.close()
            let seed = try #require(topology.masters.first)
            let victim = topology.masters[1]
            let victimServer = try #require(cluster.servers.first { $0.port == victim.port })
            let rwb = TestShell.quote(TestShell.rwbPath)

            // `rwb -c top`, as `rwb -c analyze`: every master, summed.
            let (once, status) = try await TestShell.capture(
                "\(rwb) -c -p \(seed.port) top --samples 1 --interval 200ms --json 2>&1 </dev/null")
            let text = String(decoding: once, as: UTF8.self)
            #expect(status == 0, "\(text)")
            #expect(try readings(text[...]).map { Set(nodes($0)) } == [Set(topology.masters.map(\.name))], "\(text)")

            // The victim killed by its PID after the first reading: top says it is
            // reconnecting, reads the masters again, and its last readings name the replica
            // that took over. Bounded by `timeout` and --retry-for.
            let script = """
                dir=$(mktemp -d)
                timeout 120 \(rwb) -c -p \(seed.port) top --samples 4 --interval 500ms --json --retry-for 60s >"$dir/out" 2>"$dir/err" </dev/null & pid=$!
                while [ ! -s "$dir/out" ] && kill -0 $pid 2>/dev/null; do sleep 0.05; done
                kill -9 \(victimServer.pid)
                wait $pid; echo "status=$?"; cat "$dir/out"; echo "---"; cat "$dir/err"; rm -r "$dir"
                """
            let (output, _) = try await TestShell.capture(script)
            let result = String(decoding: output, as: UTF8.self)
            let parts = result.components(separatedBy: "---\n")
            #expect(result.hasPrefix("status=0\n"), "\(result)")
            let lines = try readings(parts[0].split(separator: "\n", maxSplits: 1).dropFirst().first ?? "")
            #expect(lines.count == 4, "\(result)")
            #expect(parts.count == 2 && parts[1].contains("reconnecting"), "\(result)")
            let last = Set(lines.last.map(nodes) ?? [])
            #expect(last.count == 3 && !last.contains(victim.name), "\(result)")
        }
    }
}
