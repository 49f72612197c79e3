import Labs
import TestSupport
import Testing
import Workbench

/// `rwb lab failover` on its own throwaway clusters and Sentinel deployments: the right master
/// was replaced, and WAIT with a replica lost nothing. (The lost-write and downtime arithmetic
/// is checked by hand in `WriteLedgerTests`, the writer's ledger against a read-back of the
/// server in `FailoverWriterTests`; stopping a cluster's nodes in `ClusterTests`.)
@Suite(.needsRedis) struct FailoverLabTests {
    @Test func theCrashedMasterIsReplacedAndWAITLosesNothing() async throws {
        let output = BufferSink()
        let errors = BufferSink()
        let session = Session(settings: Session.Settings(mode: .raw), output: output, errors: errors)
        let result = await session.run(
            ".lab failover --show-commands --quick --writers 4 --keys 300 --before 1s --after 500ms", at: .prompt)
        #expect(result.failure == nil, "\(errors.text)")
        // The kit's deployment clients log what the writers, the read-back and the sentinel
        // probes sent (the lab used to build its own clients, and listed nothing).
        for kind in ["SET × ", "WAIT × ", "EXISTS × ", "SENTINEL × "] { #expect(output.text.contains(kind), "\(kind)") }
        let report = try #require(await session.lastLabReport)
        await session.shutdown()
        for mode in ["no-wait", "wait"] {
            func number(_ field: String) throws -> Int {
                let value = try ReportPath("runs[mode=\(mode)].\(field)").resolve(in: report)
                return Int(try #require(value.number))
            }
            let acked = try number("acked_writes")
            let unconfirmed = try number("unconfirmed_writes")
            // Writes were answered (with WAIT on a loaded machine, maybe none confirmed).
            #expect(mode == "no-wait" ? acked > 0 : acked + unconfirmed > 0, "\(report.json(pretty: false))")
            #expect(try number("failover_ms") > 0)
            #expect(try number("unavailable_ms") > 0)
            // LocalCluster leaves the setting at Redis's default, and the lab reads what it is.
            #expect(try ReportPath("runs[mode=\(mode)].cluster_require_full_coverage").resolve(in: report).text == "yes")
            // The crashed master's shard has a new master; the others kept theirs.
            let killed = try ReportPath("runs[mode=\(mode)].killed_node").resolve(in: report).text
            var replaced = 0
            for shard in 1...3 {
                let before = try ReportPath("runs[mode=\(mode)].shards[shard=\(shard)].master_before").resolve(in: report).text
                let after = try ReportPath("runs[mode=\(mode)].shards[shard=\(shard)].master_after").resolve(in: report).text
                if before == killed {
                    #expect(after != before)
                    replaced += 1
                } else {
                    #expect(after == before)
                }
            }
            #expect(replaced == 1)
        }
        // One replica per master: a write WAIT saw confirmed is on the node that takes over.
        #expect(try ReportPath("runs[mode=wait].lost_writes").resolve(in: report).number == 0)
        // Under Sentinel: one shard, its master replaced by the replica, the same arithmetic.
        for mode in ["no-wait", "wait"] {
            func number(_ field: String) throws -> Int {
                Int(try #require(try ReportPath("sentinel_runs[mode=\(mode)].\(field)").resolve(in: report).number))
            }
            // Some writes were answered. (Under a loaded CI machine the second before the
            // crash can pass with every WAIT timing out, so acknowledged ones may be none.)
            #expect(try number("acked_writes") + (try number("unconfirmed_writes")) > 0, "\(report.json(pretty: false))")
            #expect(try number("failover_ms") > 0)
            let before = try ReportPath("sentinel_runs[mode=\(mode)].shards[shard=1].master_before").resolve(in: report).text
            let after = try ReportPath("sentinel_runs[mode=\(mode)].shards[shard=1].master_after").resolve(in: report).text
            let killed = try ReportPath("sentinel_runs[mode=\(mode)].killed_node").resolve(in: report).text
            #expect(before != after && before == killed)
        }
        #expect(try ReportPath("sentinel_runs[mode=wait].lost_writes").resolve(in: report).number == 0)
    }
}
