/// What the writers of the failover lab saw, and the two numbers computed from it exactly:
/// how long each shard did not answer, and which acknowledged writes a read-back no longer
/// finds. Pure, so tests can check both against hand counts.
public enum WriteLedger {
    /// One write attempt: when it finished (ms since the run began), to which shard, and
    /// whether the shard answered it (an error reply or a lost connection is `false`).
    public struct Attempt: Sendable, Equatable {
        public var atMs: Int
        public var shard: Int
        public var answered: Bool

        public init(atMs: Int, shard: Int, answered: Bool) {
            self.atMs = atMs
            self.shard = shard
            self.answered = answered
        }
    }

    /// Per shard, the milliseconds during which it did not answer: from the last answered
    /// write before a run of failures to the first answered write after it (to `endMs` if
    /// none came). A shard that never failed gets 0.
    public static func unavailableMs(_ attempts: [Attempt], shards: Int, startMs: Int = 0, endMs: Int) -> [Int] {
        var total = [Int](repeating: 0, count: shards)
        var lastAnswered = [Int](repeating: startMs, count: shards)
        var outageSince = [Int?](repeating: nil, count: shards)
        for attempt in attempts.sorted(by: { $0.atMs < $1.atMs }) where attempt.shard >= 0 && attempt.shard < shards {
            let shard = attempt.shard
            if attempt.answered {
                if let since = outageSince[shard] {
                    total[shard] += attempt.atMs - since
                    outageSince[shard] = nil
                }
                lastAnswered[shard] = attempt.atMs
            } else if outageSince[shard] == nil {
                outageSince[shard] = lastAnswered[shard]
            }
        }
        for shard in 0..<shards {
            if let since = outageSince[shard] { total[shard] += max(0, endMs - since) }
        }
        return total
    }

    /// Acknowledged writes a read-back does not find. Every write goes to a key of its own
    /// (`{k<key>}:<sequence>`, the tag keeping each key group in one slot), so a later write
    /// cannot hide the loss of an earlier one, as it would by overwriting one key.
    /// - Parameters:
    ///   - acknowledged: per key group, the sequence numbers the server acknowledged.
    ///   - found: per key group, whether each of those writes' keys exists afterwards.
    public static func lostWrites(acknowledged: [[Int]], found: [[Bool]]) -> (writes: Int, keys: Int) {
        var writes = 0
        var keys = 0
        for (index, sequence) in acknowledged.enumerated() {
            let present = index < found.count ? found[index] : []
            let lost = sequence.indices.reduce(0) { $0 + ($1 < present.count && present[$1] ? 0 : 1) }
            writes += lost
            if lost > 0 { keys += 1 }
        }
        return (writes, keys)
    }
}
