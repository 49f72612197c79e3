import Histogram
import RESP
import RedisClient

/// rwb bench's side of a `CountingSocketLoop`: which requests each of its connections sends
/// next (claimed from the run's shared count, until the limit or the deadline), and their
/// latencies, from the write of a batch to its last reply.
///
/// Used by one thread at a time: the loop's.
final class BenchBatches: BatchSource, @unchecked Sendable {
    private struct Client {
        var maker: BenchTest.CommandMaker
        /// Without -r every batch is the same: encoded once, written again each time.
        let fixedBatch: [UInt8]?
        var sentAt = Duration.zero
        var started = false
    }

    private var clients: [Client]
    private let pipeline: Int
    private let counters: BenchRunner.Counters
    private let clock: any WorkClock
    private let deadline: Duration?
    private let limit: Int
    private(set) var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)

    init(tests: [(test: BenchTest, seed: UInt64)], configuration: BenchRunner.Configuration, counters: BenchRunner.Counters,
         clock: any WorkClock, deadline: Duration?, limit: Int) {
        clients = tests.map { test, seed in
            var maker = BenchTest.CommandMaker(test, keyspace: configuration.keyspace, seed: seed)
            var batch: [UInt8] = []
            if configuration.keyspace == nil {
                for _ in 0..<configuration.pipeline { RESPEncoder.appendCommand(maker.next(), to: &batch) }
            }
            return Client(maker: maker, fixedBatch: configuration.keyspace == nil ? batch : nil)
        }
        pipeline = configuration.pipeline
        self.counters = counters
        self.clock = clock
        self.deadline = deadline
        self.limit = limit
    }

    var stopped: Bool { counters.aborted.value > 0 }

    func nextBatch(connection index: Int) -> (bytes: [UInt8], count: Int)? {
        // The first batch goes whatever the clock says: a loop whose thread started late (on
        // a busy machine) still measures something.
        if let deadline, clients[index].started, clock.now >= deadline { return nil }
        let first = counters.claimed.add(pipeline)
        guard first < limit else { return nil }
        let count = min(pipeline, limit - first)
        let bytes: [UInt8]
        if let fixed = clients[index].fixedBatch, count == pipeline {
            bytes = fixed
        } else {
            // With -r, or the last, shorter batch.
            var encoded: [UInt8] = []
            for _ in 0..<count { RESPEncoder.appendCommand(clients[index].maker.next(), to: &encoded) }
            bytes = encoded
        }
        clients[index].started = true
        clients[index].sentAt = clock.now
        return (bytes, count)
    }

    func answered(connection index: Int, count: Int, firstError: String?) throws {
        let micros = UInt64(max(0, (clock.now - clients[index].sentAt).microseconds))
        _ = histogram.record(micros, count: UInt64(count))
        counters.completed.add(count)
        if let firstError { throw RedisServerError(firstError) }
    }
}
