import Histogram
import NIOCore
import RESP
import RedisClient
import RedisCommands

/// Client-side throughput and latency, as redis-benchmark measures them: `clients`
/// connections, each sending `pipeline` requests at a time until `requests` are done (or
/// `duration` has passed). Latency is per request, from the write of its batch to its reply.
public struct BenchRunner: Sendable {
    public struct Configuration: Sendable {
        public var requests = 100_000
        public var clients = 50
        public var pipeline = 1
        /// Random keys in [0, keyspace) (`-r`); nil uses the literal key as redis-benchmark does.
        public var keyspace: Int?
        public var duration: Duration?
        public var seed: UInt64 = 0
        /// Spread the connections over the masters of a cluster (`--cluster`).
        public var cluster = false

        public init() {}
    }

    public let options: ConnectionOptions
    public let configuration: Configuration
    let clock: any WorkClock

    public init(options: ConnectionOptions, configuration: Configuration, clock: any WorkClock = SystemClock()) {
        self.options = options
        self.configuration = configuration
        self.clock = clock
    }

    /// Runs one test. `progress` is called about four times a second with requests done so far.
    public func run(_ test: BenchTest, progress: @escaping @Sendable (Int, Duration) -> Void = { _, _ in }) async throws -> BenchResult {
        var connectionOptions = options
        connectionOptions.clientName = nil
        connectionOptions.commandTimeout = nil
        var connections: [RedisConnection] = []
        defer { for connection in connections { Task { await connection.close() } } }
        let targets = configuration.cluster ? try await clusterTargets(test, options: connectionOptions) : [(connectionOptions, test)]
        var tests: [BenchTest] = []
        for index in 0..<max(configuration.clients, 1) {
            let (target, clientTest) = targets[index % targets.count]
            connections.append(try await RedisConnection.connect(target))
            tests.append(clientTest)
        }
        let claimed = SharedCounter()
        let completed = SharedCounter()
        let configuration = self.configuration
        let clock = self.clock
        let start = clock.now
        let deadline = configuration.duration.map { start + $0 }
        let limit = configuration.duration == nil ? configuration.requests : Int.max

        let reporter = Task {
            while !Task.isCancelled {
                try? await clock.sleep(for: .milliseconds(250))
                progress(completed.value, clock.now - start)
            }
        }
        // Each connection is driven by callbacks on its own event loop: the next batch is
        // written from the reply's callback, with no hop between threads per request.
        let drivers = connections.enumerated().map { index, connection in
            ClientDriver(
                connection: connection, test: tests[index], configuration: configuration, seed: configuration.seed &+ UInt64(index),
                claimed: claimed, completed: completed, limit: limit, deadline: deadline, clock: clock
            ).start()
        }
        var merged = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        do {
            for driver in drivers { merged.add(try await driver.get()) }
        } catch {
            reporter.cancel()
            throw error
        }
        let histograms = merged
        reporter.cancel()
        let elapsed = clock.now - start
        return BenchResult(test: test.name, requests: completed.value, seconds: elapsed.seconds, latency: histograms)
    }

    /// `--cluster`: every master with the test as its connections send it there, each key
    /// given a hash tag (`key:{7}:__rand_int__`) that puts it in that master's slots, as
    /// redis-benchmark --cluster does. Connection `i` then goes to master `i % masters`.
    private func clusterTargets(_ test: BenchTest, options: ConnectionOptions) async throws -> [(ConnectionOptions, BenchTest)] {
        var clusterOptions = options
        clusterOptions.cluster = .on
        let client = RedisClient(clusterOptions, clock: clock)
        defer { Task { await client.close() } }
        guard let topology = try await client.clusterTopology() else {
            throw RedisClientError(.clusterUnavailable, "--cluster: \(options.addressDescription) is not a cluster node (cluster_enabled:0)")
        }
        let keyPositions = CommandKeys.positions(in: RedisCommand(test.template))
        return topology.masters.map { master in
            var tag = 0
            while topology.master(of: HashSlot(key: String(tag)))?.port != master.port && tag < 1_000_000 { tag += 1 }
            var template = test.template
            for position in keyPositions { template[position] = Self.tagged(template[position], tag: String(tag)) }
            var target = options
            target.address = master.address
            return (target, BenchTest(name: test.name, template: template))
        }
    }

    /// `key:__rand_int__` → `key:{7}:__rand_int__`; a key without a colon gets the tag in front.
    static func tagged(_ key: String, tag: String) -> String {
        guard let colon = key.firstIndex(of: ":") else { return "{\(tag)}" + key }
        return key[...colon] + "{\(tag)}:" + key[key.index(after: colon)...]
    }
}

/// One connection's request loop, run entirely on its event loop.
private final class ClientDriver: @unchecked Sendable {
    // @unchecked: all mutable state is touched only on `connection.eventLoop`.
    let connection: RedisConnection
    let configuration: BenchRunner.Configuration
    let claimed: SharedCounter
    let completed: SharedCounter
    let limit: Int
    let deadline: Duration?
    let clock: any WorkClock
    var maker: BenchTest.CommandMaker
    /// Without -r every request is the same: the batch is built and encoded once and
    /// written again each time, as redis-benchmark does with its preformatted buffer.
    let fixedBatch: RedisConnection.EncodedPipeline?
    var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    let done: EventLoopPromise<Histogram<UInt64>>

    init(connection: RedisConnection, test: BenchTest, configuration: BenchRunner.Configuration, seed: UInt64,
         claimed: SharedCounter, completed: SharedCounter, limit: Int, deadline: Duration?, clock: any WorkClock) {
        self.clock = clock
        self.connection = connection
        self.configuration = configuration
        self.claimed = claimed
        self.completed = completed
        self.limit = limit
        self.deadline = deadline
        var maker = BenchTest.CommandMaker(test, keyspace: configuration.keyspace, seed: seed)
        fixedBatch = configuration.keyspace == nil ? RedisConnection.EncodedPipeline((0..<configuration.pipeline).map { _ in maker.next() }) : nil
        self.maker = maker
        done = connection.eventLoop.makePromise()
    }

    func start() -> EventLoopFuture<Histogram<UInt64>> {
        connection.eventLoop.execute { self.next() }
        return done.futureResult
    }

    private func next() {
        if let deadline, clock.now >= deadline { return finish() }
        let first = claimed.add(configuration.pipeline)
        guard first < limit else { return finish() }
        let count = min(configuration.pipeline, limit - first)
        let batch: RedisConnection.EncodedPipeline
        if let fixedBatch, fixedBatch.count == count {
            batch = fixedBatch
        } else {
            // With -r, or the last, shorter batch.
            batch = RedisConnection.EncodedPipeline((0..<count).map { _ in maker.next() })
        }
        let sent = clock.now
        // Replies are counted and checked for errors, not kept: nobody reads them.
        connection.countRepliesOnEventLoop(batch).whenComplete { result in
            switch result {
            case .success(let errors):
                let micros = UInt64(max(0, (self.clock.now - sent).microseconds))
                _ = self.histogram.record(micros, count: UInt64(count))
                self.completed.add(count)
                if let error = errors.first?.errorMessage {
                    self.done.fail(RedisServerError(error))
                } else {
                    self.next()
                }
            case .failure(let error):
                self.done.fail(error)
            }
        }
    }

    private func finish() {
        done.succeed(histogram)
    }
}
