import RESP
import Testing

@testable import Labs
@testable import Workbench

/// The failover lab's read-back, write recording and deployment readings, against hand-made
/// replies: an error reply to EXISTS is not a lost write, every answered write is timed
/// (with WAIT too when no replica confirmed it), and settings are taken from replies.
@Suite struct ReadBackTests {
    private func bulk(_ text: String) -> RESPValue { .bulkString(RESPBytes(Array(text.utf8))) }

    @Test func eachExistsReplyIsFoundMissingOrAnError() {
        #expect(WriteLedger.readBack(.integer(1)) == .found)
        #expect(WriteLedger.readBack(.integer(0)) == .missing)
        #expect(WriteLedger.readBack(.simpleError("CLUSTERDOWN The cluster is down")) == .error)
        #expect(WriteLedger.readBack(.bulkError(RESPBytes(Array("ERR x".utf8)))) == .error)
        #expect(WriteLedger.readBack(.integer(2)) == .error)
        #expect(WriteLedger.readBack(.null) == .error)
        #expect(WriteLedger.readBack(nil) == .error)
    }

    @Test func anErrorReplyIsCountedApartNotAsLost() {
        // Group 0: 3 writes: found, error, missing. Group 1: 2 writes: both errors (a node
        // said CLUSTERDOWN). Group 2: 2 writes, one reply (a short pipeline): found, no
        // answer. Group 3: missing, missing.
        // Found: 1 + 1 = 2. Missing (lost): 1 + 2 = 3, in groups 0 and 3. Errors: 1 + 2 + 1 = 4.
        let down = RESPValue.simpleError("CLUSTERDOWN The cluster is down")
        let tally = WriteLedger.tally(
            writes: [[1, 2, 3], [4, 5], [6, 7], [8, 9]],
            replies: [[.integer(1), down, .integer(0)], [down, down], [.integer(1)], [.integer(0), .integer(0)]])
        #expect(tally == WriteLedger.ReadBackTally(found: 2, missing: 3, errors: 4, keyGroupsWithMissing: 2))
        // The old reading (an error is "not found") would have called 3 + 4 = 7 writes lost.
        let oldFound = [[true, false, false], [false, false], [true], [false, false]]
        #expect(WriteLedger.lostWrites(acknowledged: [[1, 2, 3], [4, 5], [6, 7], [8, 9]], found: oldFound).writes == 7)
        // Groups with no replies at all (the whole pipeline failed): every write an error.
        #expect(WriteLedger.tally(writes: [[1], [2, 3]], replies: []) == WriteLedger.ReadBackTally(found: 0, missing: 0, errors: 3))
    }

    @Test func withWaitEveryAnsweredWriteIsTimedConfirmedOrNot() {
        // Four writes with WAIT 1 100: confirmed in 1 ms; WAIT timed out (0 replicas) after
        // 100 ms, twice; WAIT answered an error after 50 ms; and one the master refused
        // (not timed: no write happened).
        var result = FailoverWriter.Result()
        let ok = RESPValue.simpleString("OK")
        let answered1 = result.record(key: 0, sequence: 1, replies: [ok, .integer(1)], waited: true, elapsed: .milliseconds(1))
        #expect(answered1)
        let answered2 = result.record(key: 1, sequence: 2, replies: [ok, .integer(0)], waited: true, elapsed: .milliseconds(100))
        #expect(answered2)
        let answered3 = result.record(key: 0, sequence: 3, replies: [ok, .integer(0)], waited: true, elapsed: .milliseconds(100))
        #expect(answered3)
        let answered4 = result.record(
            key: 1, sequence: 4, replies: [ok, .simpleError("ERR WAIT")], waited: true, elapsed: .milliseconds(50))
        #expect(answered4)
        let answered5 = result.record(
            key: 0, sequence: 5, replies: [.simpleError("CLUSTERDOWN"), .integer(0)], waited: true, elapsed: .milliseconds(7))
        #expect(!answered5)
        #expect(result.acknowledged.map(\.1) == [1])
        #expect(result.unconfirmedWrites.map(\.0) == [1, 0, 1])
        #expect(result.unconfirmedWrites.map(\.1) == [2, 3, 4])
        #expect(result.unconfirmed == 3)
        // Four timed: 1, 50, 100, 100 ms. p50 is 50 ms and p99 100 ms (to the histogram's
        // three significant digits); timing only the confirmed write (the old way) gave 1 ms.
        #expect(result.latency.count == 4)
        #expect(abs(result.latency.summary.p50 - 50) < 0.1)
        #expect(abs(result.latency.summary.p99 - 100) < 0.1)
    }

    @Test func withoutWaitOKIsAcknowledged() {
        var result = FailoverWriter.Result()
        let answered6 = result.record(key: 2, sequence: 1, replies: [.simpleString("OK")], waited: false, elapsed: .milliseconds(2))
        #expect(answered6)
        let answered7 = result.record(
            key: 2, sequence: 2, replies: [.simpleError("MOVED 1 127.0.0.1:1")], waited: false, elapsed: .milliseconds(2))
        #expect(!answered7)
        let answered8 = result.record(key: 2, sequence: 3, replies: [], waited: false, elapsed: .milliseconds(2))
        #expect(!answered8)
        #expect(result.acknowledged.map(\.1) == [1])
        #expect(result.unconfirmed == 0)
        #expect(result.latency.count == 1)
    }

    @Test func settingsAreTakenFromTheReplies() {
        // CONFIG GET, RESP2 and RESP3.
        #expect(FailoverTarget.configValue(.array([bulk("cluster-node-timeout"), bulk("1500")])) == "1500")
        #expect(FailoverTarget.configValue(.map([RESPPair(bulk("cluster-node-timeout"), bulk("1500"))])) == "1500")
        #expect(FailoverTarget.configValue(.simpleError("ERR")) == nil)
        // SENTINEL MASTER: flat pairs (RESP2), values as strings.
        let master = RESPValue.array([
            bulk("name"), bulk("mymaster"), bulk("quorum"), bulk("1"), bulk("down-after-milliseconds"), bulk("1500"), bulk("num-slaves"),
            bulk("1"),
        ])
        #expect(FailoverTarget.sentinelSettings(master) == (1, 1500))
        let map = RESPValue.map([RESPPair(bulk("quorum"), .integer(3)), RESPPair(bulk("down-after-milliseconds"), bulk("x"))])
        #expect(FailoverTarget.sentinelSettings(map) == (3, nil))
        // Every node that answered must agree, else the setting is not reported.
        #expect(FailoverTarget.agreed([2000, nil, 2000]) == 2000)
        #expect(FailoverTarget.agreed([2000, 1500]) == nil)
        #expect(FailoverTarget.agreed([nil, nil]) == nil)
        // And the text says what was read, run by run when the runs' deployments differed.
        #expect(FailoverSpec.setting([1500, 1500], { "\($0) ms" }) == "1500 ms")
        #expect(FailoverSpec.setting([1500, nil], { "\($0) ms" }) == "1500 ms / not read")
    }

    @Test func theUnconfirmedSentenceStatesWhatTheReadBackFound() {
        var run = FailoverRun(
            mode: "wait", killedNode: "127.0.0.1:7000", writesAttempted: 120, ackedWrites: 100, unconfirmedWrites: 12, clientErrors: 8,
            lostWrites: 0,
            keyGroupsWithLoss: 0, failoverMs: 2400, unavailableMs: 2500, p50WriteMs: 1, p99WriteMs: 100, shards: [])
        run.unconfirmedFound = 5
        run.unconfirmedOnCrashedShard = 8
        run.unconfirmedFoundOnCrashedShard = 1
        run.readBackErrors = 2
        var noWait = run
        noWait.mode = "no-wait"
        noWait.nodeTimeoutMs = 1500
        let text = FailoverExplanation.sentences(
            FailoverReport(masters: 3, replicasPerMaster: 1, writers: 4, keys: 300, runs: [run], sentinelRuns: [])
        )
        .joined(separator: " ")
        #expect(!text.contains("has none"))
        #expect(
            text.contains(
                "100 writes were confirmed by a replica and 0 of those were lost (2 read-backs answered an error, counted neither found nor lost)"
            ))
        #expect(
            FailoverExplanation.sentences(
                FailoverReport(masters: 3, replicasPerMaster: 1, writers: 4, keys: 300, runs: [noWait], sentinelRuns: [])
            )
            .joined().contains(
                "(a replica took over 2,400 ms after the crash: the node timeout (1,500 ms as the nodes said), then an election)"))
        #expect(
            text.contains(
                "the read-back after the failover found 5 of them (the crashed master's new master has 1 of the 8 written to its shard)"))
    }
}
