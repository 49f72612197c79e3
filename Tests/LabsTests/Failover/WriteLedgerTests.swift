import Labs
import Testing

/// The failover lab's two counted figures, against hand counts.
@Suite struct WriteLedgerTests {
    typealias Attempt = WriteLedger.Attempt

    @Test func anOutageRunsFromTheLastAnswerToTheNextOne() {
        // Shard 0: answered at 10 and 20, failed at 25, 30, 40, answered at 70 → 70 - 20 = 50.
        // Shard 1: always answered → 0. Shard 2: failed at 5 and never answered → 100 - 0.
        let attempts = [
            Attempt(atMs: 30, shard: 0, answered: false), Attempt(atMs: 10, shard: 0, answered: true),
            Attempt(atMs: 20, shard: 0, answered: true), Attempt(atMs: 25, shard: 0, answered: false),
            Attempt(atMs: 40, shard: 0, answered: false), Attempt(atMs: 70, shard: 0, answered: true),
            Attempt(atMs: 15, shard: 1, answered: true), Attempt(atMs: 5, shard: 2, answered: false),
        ]
        #expect(WriteLedger.unavailableMs(attempts, shards: 3, endMs: 100) == [50, 0, 100])
    }

    @Test func twoOutagesAddUp() {
        // Answered 0, failed 10, answered 30 (30 ms down); failed 50, answered 60 (30 ms: from 30).
        let attempts = [
            Attempt(atMs: 0, shard: 0, answered: true), Attempt(atMs: 10, shard: 0, answered: false),
            Attempt(atMs: 30, shard: 0, answered: true), Attempt(atMs: 50, shard: 0, answered: false),
            Attempt(atMs: 60, shard: 0, answered: true),
        ]
        #expect(WriteLedger.unavailableMs(attempts, shards: 1, endMs: 100) == [60])
    }

    @Test func anAcknowledgedWriteWhoseKeyIsGoneIsLost() {
        // Group 0: writes 1, 2, 3 acked, all found. Group 1: 1, 4, 6 acked, 4 and 6 gone.
        // Group 2: 2 acked, gone. Group 3: nothing acked.
        let lost = WriteLedger.lostWrites(
            acknowledged: [[1, 2, 3], [1, 4, 6], [2], []], found: [[true, true, true], [true, false, false], [false], []])
        #expect(lost.writes == 3)
        #expect(lost.keys == 2)
    }

    @Test func aLaterWriteCannotHideAnEarlierLoss() {
        // Writes 1 and 3 of a group survived, 2 did not: still one lost write.
        #expect(WriteLedger.lostWrites(acknowledged: [[1, 2, 3]], found: [[true, false, true]]) == (1, 1))
        // A missing answer counts as not found.
        #expect(WriteLedger.lostWrites(acknowledged: [[1, 2]], found: [[true]]) == (1, 1))
    }

    @Test func anOutageFromTheStartCountsFromStartMs() {
        // Shard 0 fails at 12 and 14 before any answer, answers at 40: down from the start
        // (10) to 40 → 30. Shard 1 answers at 11, fails at 50 and never answers: 100 − 11.
        let attempts = [
            Attempt(atMs: 14, shard: 0, answered: false), Attempt(atMs: 12, shard: 0, answered: false),
            Attempt(atMs: 40, shard: 0, answered: true), Attempt(atMs: 11, shard: 1, answered: true),
            Attempt(atMs: 50, shard: 1, answered: false),
        ]
        #expect(WriteLedger.unavailableMs(attempts, shards: 2, startMs: 10, endMs: 100) == [30, 89])
    }

    @Test func shardsAreCountedApartAndUnknownShardsIgnored() {
        // Interleaved: shard 0 down 20→35 (15), shard 1 down 25→60 (35); a write with no shard
        // (−1) and one past the last shard change nothing.
        let attempts = [
            Attempt(atMs: 20, shard: 0, answered: true), Attempt(atMs: 25, shard: 1, answered: true),
            Attempt(atMs: 26, shard: 0, answered: false), Attempt(atMs: 27, shard: 1, answered: false),
            Attempt(atMs: 30, shard: -1, answered: false), Attempt(atMs: 31, shard: 2, answered: false),
            Attempt(atMs: 35, shard: 0, answered: true), Attempt(atMs: 45, shard: 1, answered: false),
            Attempt(atMs: 60, shard: 1, answered: true), Attempt(atMs: 70, shard: 0, answered: true),
        ]
        #expect(WriteLedger.unavailableMs(attempts, shards: 2, endMs: 80) == [15, 35])
        // Nothing failed: nothing unavailable, however long the run.
        #expect(WriteLedger.unavailableMs(attempts.filter(\.answered), shards: 2, endMs: 10_000) == [0, 0])
    }

    @Test func lossIsCountedPerWriteAndPerGroup() {
        // Five groups: 0 lost its only write; 1 lost 2 of 4; 2 lost none; 3 acked nothing and
        // has no read-back; 4 has fewer answers than writes (the last two count as lost).
        let lost = WriteLedger.lostWrites(
            acknowledged: [[7], [1, 2, 3, 4], [5, 6], [], [1, 2, 3]],
            found: [[false], [false, true, false, true], [true, true], [], [true]])
        #expect(lost.writes == 1 + 2 + 0 + 0 + 2)
        #expect(lost.keys == 3)
        // More groups acknowledged than read back: the missing groups are lost whole.
        #expect(WriteLedger.lostWrites(acknowledged: [[1], [2, 3]], found: [[true]]) == (2, 1))
    }
}
