import RESP
import Testing

@testable import Labs
@testable import Workbench

/// The failover lab's "What this shows": WAIT's price and its narrower window are claimed
/// only when the numbers show them, and the coverage setting only as read.
@Suite struct FailoverExplanationTests {
    private func run(_ mode: String, acked: Int = 1000, lost: Int = 0, p99: Double = 2, othersDown: Int = 0, coverage: String? = "yes")
        -> FailoverRun
    {
        let shards = [
            ShardOutage(
                shard: 1, slots: "0-5460", masterBefore: "127.0.0.1:7000", masterAfter: "127.0.0.1:7003", unavailableMs: 2500,
                clientErrors: 10),
            ShardOutage(
                shard: 2, slots: "5461-10922", masterBefore: "127.0.0.1:7001", masterAfter: "127.0.0.1:7001", unavailableMs: othersDown,
                clientErrors: 0),
            ShardOutage(
                shard: 3, slots: "10923-16383", masterBefore: "127.0.0.1:7002", masterAfter: "127.0.0.1:7002", unavailableMs: othersDown,
                clientErrors: 0),
        ]
        return FailoverRun(
            mode: mode, killedNode: "127.0.0.1:7000", writesAttempted: acked + 10, ackedWrites: acked, unconfirmedWrites: 0,
            clientErrors: 10,
            lostWrites: lost, keyGroupsWithLoss: lost > 0 ? 1 : 0, failoverMs: 2400, unavailableMs: 2500, p50WriteMs: 1, p99WriteMs: p99,
            shards: shards, clusterRequireFullCoverage: coverage)
    }

    private func text(_ runs: FailoverRun...) -> String {
        FailoverExplanation.sentences(FailoverReport(masters: 3, replicasPerMaster: 1, writers: 4, keys: 300, runs: runs, sentinelRuns: []))
            .joined(separator: " ")
    }

    @Test func latencyIsCalledThePriceOnlyWhenWAITWasSlower() {
        let slower = text(run("no-wait", p99: 2), run("wait", p99: 5))
        #expect(
            slower.contains(
                "The price is latency: p99 of a write (with its WAIT, confirmed or not) was 5 ms against 2 ms without WAIT (2.5×)."))
        let faster = text(run("no-wait", p99: 4), run("wait", p99: 3))
        #expect(!faster.contains("The price is latency"))
        #expect(
            faster.contains(
                "WAIT cost no latency at p99 here: p99 of a write (with its WAIT, confirmed or not) was 3 ms against 4 ms without WAIT (0.75×)."
            ))
    }

    @Test func waitIsSaidToNarrowTheWindowOnlyWhenItLostLess() {
        let narrower = text(run("no-wait", acked: 1000, lost: 40), run("wait", acked: 500, lost: 0))
        #expect(
            narrower.contains(
                "WAIT narrowed the window for loss (0 of 500 acknowledged writes lost with WAIT, 40 of 1,000 without); it does not make a write durable if the replica dies too."
            ))
        let worse = text(run("no-wait", acked: 1000, lost: 10), run("wait", acked: 500, lost: 20))
        #expect(!worse.contains("narrowed"))
        #expect(
            worse.contains(
                "WAIT lost a larger share than no WAIT (20 of 500 acknowledged writes lost with WAIT, 10 of 1,000 without), so this run does not show it narrowing the window for loss."
            ))
        let same = text(run("no-wait", lost: 0), run("wait", lost: 0))
        #expect(!same.contains("narrowed"))
        #expect(same.contains("WAIT lost as large a share as no WAIT"))
    }

    @Test func theCoverageSettingIsAssertedOnlyAsRead() {
        let read = text(run("no-wait", othersDown: 2000, coverage: "yes"))
        #expect(
            read.contains(
                "answered nothing for 2,000–2,000 ms too: once a slot has no master the cluster state is fail, and with cluster-require-full-coverage yes (as the nodes said)"
            ))
        #expect(!read.contains("(the default)"))
        let unread = text(run("no-wait", othersDown: 2000, coverage: nil))
        #expect(unread.contains("and if cluster-require-full-coverage is yes every node refuses every key"))
        #expect(!unread.contains("with cluster-require-full-coverage yes"))
        let off = text(run("no-wait", othersDown: 2000, coverage: "no"))
        #expect(off.contains("too, although cluster-require-full-coverage was no (as the nodes said)"))
        #expect(!text(run("no-wait", othersDown: 0)).contains("cluster-require-full-coverage"))
    }

    @Test func theSettingIsReadFromEitherProtocolsReply() {
        let name = RESPValue.bulkString(RESPBytes(Array("cluster-require-full-coverage".utf8)))
        let yes = RESPValue.bulkString(RESPBytes(Array("yes".utf8)))
        #expect(FailoverTarget.yesOrNo(.array([name, yes])) == "yes")
        #expect(FailoverTarget.yesOrNo(.map([RESPPair(name, yes)])) == "yes")
        #expect(FailoverTarget.yesOrNo(.array([])) == nil)
        #expect(FailoverTarget.yesOrNo(.simpleError("ERR unknown")) == nil)
    }
}
