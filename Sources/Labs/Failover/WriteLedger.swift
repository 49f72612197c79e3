import RESP

/// What the writers of the failover lab saw, and the numbers computed from it exactly: how
/// long each shard did not answer, and which writes a read-back finds, does not find, or
/// could not tell (an error reply). Pure, so tests can check them against hand counts.
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

    /// What one `EXISTS` of the read-back said about a write's key.
    public enum ReadBack: Sendable, Equatable {
        /// 1: the key is there.
        case found
        /// 0: the key is not there.
        case missing
        /// An error reply (CLUSTERDOWN, a lost node), a reply that is not 0 or 1, or no reply:
        /// whether the write survived is unknown, so it is counted neither found nor lost.
        case error
    }

    public static func readBack(_ reply: RESPValue?) -> ReadBack {
        guard let reply, !reply.isError, let count = reply.int else { return .error }
        switch count {
        case 1: return .found
        case 0: return .missing
        default: return .error
        }
    }

    /// The read-back of some writes, counted.
    public struct ReadBackTally: Sendable, Equatable {
        /// Writes whose key the read-back found.
        public var found = 0
        /// Writes whose key the read-back did not find (for acknowledged writes: lost).
        public var missing = 0
        /// Writes whose read-back answered an error or nothing: neither found nor missing.
        public var errors = 0
        /// Key groups with at least one missing write.
        public var keyGroupsWithMissing = 0

        public init(found: Int = 0, missing: Int = 0, errors: Int = 0, keyGroupsWithMissing: Int = 0) {
            self.found = found
            self.missing = missing
            self.errors = errors
            self.keyGroupsWithMissing = keyGroupsWithMissing
        }
    }

    /// Counts a read-back: per key group, the writes read back (only their number matters
    /// here) and, in the same order, the replies to their `EXISTS`. A reply missing at the
    /// end (a short pipeline) counts as an error, not as a loss.
    public static func tally(writes: [[Int]], replies: [[RESPValue]]) -> ReadBackTally {
        var tally = ReadBackTally()
        for (group, sequences) in writes.enumerated() {
            let answers = group < replies.count ? replies[group] : []
            var missingHere = 0
            for index in sequences.indices {
                switch readBack(index < answers.count ? answers[index] : nil) {
                case .found: tally.found += 1
                case .missing: missingHere += 1
                case .error: tally.errors += 1
                }
            }
            tally.missing += missingHere
            if missingHere > 0 { tally.keyGroupsWithMissing += 1 }
        }
        return tally
    }
}
