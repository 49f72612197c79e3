import Histogram
import RESP
import RedisClient

/// What rwb bench's connections send and what it learns from their replies, whatever drives
/// them (`CountingSocketLoop` on plain sockets, `ClientDriver` on NIO for TLS): each
/// connection's next batch, claimed from the run's shared count until the limit or the
/// deadline, and the latencies, from the write of a batch to its last reply. `Batch` is the
/// driver's form of an encoded batch.
///
/// Used by one thread at a time: its driver's.
final class BenchBatches<Batch>: @unchecked Sendable {
    private struct Client {
        var maker: BenchTest.CommandMaker
        /// Without -r every batch is the same: encoded once, written again each time.
        let fixedBatch: Batch?
        var sentAt = Duration.zero
        var started = false
    }

    private var clients: [Client]
    private let encode: ([RedisCommand]) -> Batch
    private let pipeline: Int
    private let counters: BenchRunner.Counters
    private let clock: any WorkClock
    private let deadline: Duration?
    private let limit: Int
    private(set) var histogram = BenchRunner.latencyHistogram()

    init(
        tests: [(test: BenchTest, seed: UInt64)], configuration: BenchRunner.Configuration, counters: BenchRunner.Counters,
        clock: any WorkClock, deadline: Duration?, limit: Int, encode: @escaping ([RedisCommand]) -> Batch
    ) {
        clients = tests.map { test, seed in
            var maker = BenchTest.CommandMaker(test, keyspace: configuration.keyspace, seed: seed)
            let fixed = configuration.keyspace == nil ? encode((0..<configuration.pipeline).map { _ in maker.next() }) : nil
            return Client(maker: maker, fixedBatch: fixed)
        }
        self.encode = encode
        pipeline = configuration.pipeline
        self.counters = counters
        self.clock = clock
        self.deadline = deadline
        self.limit = limit
    }

    var stopped: Bool { counters.aborted.value > 0 }

    /// Connection `index`'s next batch and its size, or nil when that connection is done.
    func nextBatch(connection index: Int) -> (bytes: Batch, count: Int)? {
        // The first batch goes whatever the clock says: a driver whose thread started late
        // (on a busy machine) still measures something.
        if let deadline, clients[index].started, clock.now >= deadline { return nil }
        let first = counters.claimed.add(pipeline)
        guard first < limit else { return nil }
        let count = min(pipeline, limit - first)
        let batch: Batch
        if let fixed = clients[index].fixedBatch, count == pipeline {
            batch = fixed
        } else {
            // With -r, or the last, shorter batch.
            batch = encode((0..<count).map { _ in clients[index].maker.next() })
        }
        clients[index].started = true
        clients[index].sentAt = clock.now
        return (batch, count)
    }

    /// Every reply to connection `index`'s batch has arrived: its latency is recorded and the
    /// run stops with the first error reply, if any.
    func answered(connection index: Int, count: Int, firstError: String?) throws {
        let micros = UInt64(max(0, (clock.now - clients[index].sentAt).microseconds))
        _ = histogram.record(micros, count: UInt64(count))
        counters.completed.add(count)
        if let firstError { throw RedisServerError(firstError) }
    }
}

extension BenchBatches: BatchSource where Batch == [UInt8] {
    /// For `CountingSocketLoop`: batches as the bytes to write.
    convenience init(
        tests: [(test: BenchTest, seed: UInt64)], configuration: BenchRunner.Configuration, counters: BenchRunner.Counters,
        clock: any WorkClock, deadline: Duration?, limit: Int
    ) {
        self.init(tests: tests, configuration: configuration, counters: counters, clock: clock, deadline: deadline, limit: limit) {
            commands in
            var bytes: [UInt8] = []
            for command in commands { RESPEncoder.appendCommand(command, to: &bytes) }
            return bytes
        }
    }
}
