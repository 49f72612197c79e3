import RESP
import RedisClient
import Synchronization

/// One writer of the failover lab: its own cluster client, its own key groups, each write a
/// fresh key of a group, as fast as the cluster answers until told to stop.
struct FailoverWriter: Sendable {
    struct Result: Sendable {
        var attempts: [WriteLedger.Attempt] = []
        /// (key index, sequence number) of every acknowledged write.
        var acknowledged: [(Int, Int)] = []
        /// (key index, sequence number) of every write the master answered OK but WAIT did
        /// not see confirmed by a replica: read back too, to count how many survived.
        var unconfirmedWrites: [(Int, Int)] = []
        /// The latency of every write the master answered, with its WAIT when there is one,
        /// whatever WAIT said: leaving out the writes that waited out WAIT's timeout would
        /// understate the tail.
        var latency = LatencyRecorder()

        var unconfirmed: Int { unconfirmedWrites.count }

        /// Records one write of `key`'s group by its replies (the SET's, then WAIT's if the
        /// writer waits) and how long it took from sending the SET to the last reply; returns
        /// whether the master answered it (OK). A write without WAIT is acknowledged by OK;
        /// with WAIT, by OK and a replica count of at least 1, and unconfirmed otherwise (a
        /// timeout, 0, or an error reply to WAIT).
        mutating func record(key: Int, sequence: Int, replies: [RESPValue], waited: Bool, elapsed: Duration) -> Bool {
            guard replies.count == (waited ? 2 : 1), replies[0] == .simpleString("OK") else { return false }
            latency.record(elapsed)
            if !waited || (replies[1].int ?? 0) >= 1 {
                acknowledged.append((key, sequence))
            } else {
                unconfirmedWrites.append((key, sequence))
            }
            return true
        }
    }

    let keys: [Int]
    let names: [String]
    let shardOfKey: [Int]
    /// `WAIT 1 <ms>` after each write, or nil for no WAIT.
    let waitTimeoutMs: Int?
    let clock: any WorkClock
    let origin: Duration

    func run(_ client: DeploymentClient, until stop: StopSignal) async -> Result {
        var result = Result()
        guard !keys.isEmpty else {
            await client.close()
            return result
        }
        var sequence = 0
        var position = 0
        while !stop.isRaised && !Task.isCancelled {
            let key = keys[position % keys.count]
            position += 1
            sequence += 1
            // A key of its own for each write, in its group's slot (see WriteLedger.lostWrites).
            let set: RedisCommand = ["SET", "\(names[key]):\(sequence)", String(sequence)]
            let started = clock.now
            var answered: Bool
            do {
                let replies =
                    if let waitTimeoutMs {
                        try await client.pipeline([set, ["WAIT", "1", String(waitTimeoutMs)]])
                    } else {
                        [try await client.send(set)]
                    }
                answered = result.record(
                    key: key, sequence: sequence, replies: replies, waited: waitTimeoutMs != nil, elapsed: clock.now - started)
            } catch {
                answered = false
            }
            result.attempts.append(
                WriteLedger.Attempt(atMs: Int((clock.now - origin).milliseconds), shard: shardOfKey[key], answered: answered))
            // A node that is down fails fast: pause, rather than spin on refusals.
            if !answered { try? await clock.sleep(for: .milliseconds(10)) }
        }
        await client.close()
        return result
    }
}

/// Tells the writers to finish the write in hand and stop.
final class StopSignal: Sendable {
    private let raised = Atomic<Bool>(false)

    var isRaised: Bool { raised.load(ordering: .relaxed) }

    func raise() {
        raised.store(true, ordering: .relaxed)
    }
}
