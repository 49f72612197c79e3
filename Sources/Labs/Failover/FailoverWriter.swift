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
        var unconfirmed = 0
        var latency = LatencyRecorder()
    }

    let keys: [Int]
    let names: [String]
    let shardOfKey: [Int]
    /// `WAIT 1 <ms>` after each write, or nil for no WAIT.
    let waitTimeoutMs: Int?
    let clock: any WorkClock
    let origin: Duration

    func run(_ options: ConnectionOptions, until stop: StopSignal) async -> Result {
        var result = Result()
        guard !keys.isEmpty else { return result }
        // One retry after a lost connection: the writer itself goes on after a failure.
        let client = RedisClient(options, retryPolicy: RetryPolicy(maxRetries: 1, step: .milliseconds(20), cap: .milliseconds(20)), clock: clock)
        var sequence = 0
        var position = 0
        while !stop.isRaised && !Task.isCancelled {
            let key = keys[position % keys.count]
            position += 1
            sequence += 1
            // A key of its own for each write, in its group's slot (see WriteLedger.lostWrites).
            let set: RedisCommand = ["SET", "\(names[key]):\(sequence)", String(sequence)]
            let started = clock.now
            var answered = false
            do {
                if let waitTimeoutMs {
                    let replies = try await client.pipeline([set, ["WAIT", "1", String(waitTimeoutMs)]])
                    answered = replies.count == 2 && replies[0] == .simpleString("OK")
                    if answered {
                        if (replies[1].int ?? 0) >= 1 {
                            result.acknowledged.append((key, sequence))
                            result.latency.record(clock.now - started)
                        } else {
                            result.unconfirmed += 1
                        }
                    }
                } else {
                    answered = try await client.send(set) == .simpleString("OK")
                    if answered {
                        result.acknowledged.append((key, sequence))
                        result.latency.record(clock.now - started)
                    }
                }
            } catch {
                answered = false
            }
            result.attempts.append(WriteLedger.Attempt(atMs: Int((clock.now - origin).milliseconds), shard: shardOfKey[key], answered: answered))
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
