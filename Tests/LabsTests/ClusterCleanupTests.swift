import RESP
import TestSupport
import Testing
import Workbench

/// A cluster master killed mid-lab: the lab stops, and its cleanup waits for the replica to
/// take over and then removes every key it wrote, instead of failing at once and leaving
/// them (the replica holds the dead master's keys once promoted).
@Suite(.needsRedis) struct ClusterCleanupTests {
    @Test func cleanupWaitsForTheFailoverAndLeavesNoKey() async throws {
        try await ClusterFixture.withCluster { cluster in
            let ports = cluster.servers.compactMap(\.port)
            var masters: [(port: Int, pid: Int32)] = []
            for server in cluster.servers {
                let role = try await TestShell.run("redis-cli -p \(server.port ?? 0) ROLE | head -n 1")
                if role.hasPrefix("master") { masters.append((server.port ?? 0, server.pid)) }
            }
            let victim = try #require(masters.first)
            let directory = try TestShell.temporaryDirectory()
            defer { TestShell.remove(directory) }
            let script = """
                \(TestShell.quote(TestShell.rwbPath)) -c -p \(victim.port) lab cache-aside --scenario stampede --duration 60s --strategy naive \
                    >\(directory)/out 2>\(directory)/err &
                child=$!
                \(TestShell.waitUntilPositive(port: victim.port, "DBSIZE"))
                kill -KILL \(victim.pid)
                wait $child
                echo $?
                """
            let (output, _) = try await TestShell.capture(script)
            let status = Int32(String(decoding: output, as: UTF8.self).trimmingCharacters(in: " \n")) ?? -1
            let errors = TestShell.contents(of: "\(directory)/err")
            #expect(status == 1, "\(errors)")
            #expect(!errors.contains("could not clean up"), "\(errors)")
            for port in ports where port != victim.port {
                let left = try await TestShell.run("redis-cli -p \(port) --scan --pattern 'rwb:lab:*' | wc -l")
                #expect(left.trimmingCharacters(in: " \n") == "0", "port \(port): \(left) keys left; \(errors)")
            }
        }
    }
}
