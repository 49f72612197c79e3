import Histogram
import NIOCore
import NIOPosix
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
        let targets = configuration.cluster ? try await clusterTargets(test, options: connectionOptions) : [(connectionOptions, test)]
        let clients = (0..<max(configuration.clients, 1)).map { targets[$0 % targets.count] }
        let counters = Counters()
        let clock = self.clock
        // Connected (and past the handshake) before the clock starts.
        let run =
            clients.allSatisfy({ BlockingConnection.supports($0.0) })
            ? try await socketLoops(clients, counters: counters) : try await eventLoopDrivers(clients, counters: counters)

        let start = clock.now
        let deadline = configuration.duration.map { start + $0 }
        let limit = configuration.duration == nil ? configuration.requests : Int.max
        let reporter = Task {
            while !Task.isCancelled {
                try? await clock.sleep(for: .milliseconds(250))
                progress(counters.completed.value, clock.now - start)
            }
        }
        defer { reporter.cancel() }
        let latency = try await run(deadline, limit)
        return BenchResult(test: test.name, requests: counters.completed.value, seconds: (clock.now - start).seconds, latency: latency)
    }

    /// Runs the request loops and returns their latencies, given the deadline and the request limit.
    typealias Runner = @Sendable (_ deadline: Duration?, _ limit: Int) async throws -> Histogram<UInt64>

    /// Plain connections: a `CountingSocketLoop` per usable CPU, each on a thread of its own
    /// (a blocking loop must not hold a cooperative thread), fed by `BenchBatches`.
    private func socketLoops(_ clients: [(ConnectionOptions, BenchTest)], counters: Counters) async throws -> Runner {
        var sockets: [(socket: Int32, test: BenchTest, seed: UInt64)] = []
        do {
            for (index, (target, clientTest)) in clients.enumerated() {
                let connection = try await BlockingConnection.connect(target)
                sockets.append((connection.detachSocket(), clientTest, configuration.seed &+ UInt64(index)))
            }
        } catch {
            for entry in sockets { close(entry.socket) }
            throw error
        }
        let groups = Self.partition(sockets, into: Self.usableCPUs)
        let pool = NIOThreadPool(numberOfThreads: groups.count)
        pool.start()
        let configuration = self.configuration
        let clock = self.clock
        return { deadline, limit in
            defer { pool.shutdownGracefully { _ in } }
            return try await withThrowingTaskGroup(of: Histogram<UInt64>.self) { tasks in
                for group in groups {
                    let batches = BenchBatches(
                        tests: group.map { ($0.test, $0.seed) }, configuration: configuration, counters: counters,
                        clock: clock, deadline: deadline, limit: limit)
                    let loop = CountingSocketLoop(sockets: group.map(\.socket), source: batches)
                    tasks.addTask {
                        try await pool.runIfActive {
                            do {
                                try loop.run()
                            } catch {
                                counters.aborted.add(1)  // the other loops stop too
                                throw error
                            }
                            return batches.histogram
                        }
                    }
                }
                var merged = Self.latencyHistogram()
                for try await histogram in tasks { merged.add(histogram) }
                return merged
            }
        }
    }

    /// TLS connections: NIO, each connection driven by callbacks on its event loop (`ClientDriver`).
    private func eventLoopDrivers(_ clients: [(ConnectionOptions, BenchTest)], counters: Counters) async throws -> Runner {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: Self.usableCPUs)
        var connections: [RedisConnection] = []
        do {
            for (target, _) in clients { connections.append(try await RedisConnection.connect(target, group: group)) }
        } catch {
            for connection in connections { await connection.close() }
            try? await group.shutdownGracefully()
            throw error
        }
        let opened = connections
        let configuration = self.configuration
        let clock = self.clock
        return { deadline, limit in
            defer {
                Task {
                    for connection in opened { await connection.close() }
                    try? await group.shutdownGracefully()
                }
            }
            let drivers = opened.enumerated().map { index, connection in
                let batches = BenchBatches(
                    tests: [(clients[index].1, configuration.seed &+ UInt64(index))], configuration: configuration, counters: counters,
                    clock: clock, deadline: deadline, limit: limit, encode: RedisConnection.EncodedPipeline.init)
                return ClientDriver(connection: connection, batches: batches).start()
            }
            var merged = Self.latencyHistogram()
            for driver in drivers { merged.add(try await driver.get()) }
            return merged
        }
    }

    /// Latencies in microseconds, up to a minute, to three significant digits.
    static func latencyHistogram() -> Histogram<UInt64> {
        Histogram(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    }

    /// Requests claimed and completed across every connection, and whether a loop failed.
    struct Counters: Sendable {
        let claimed = SharedCounter()
        let completed = SharedCounter()
        let aborted = SharedCounter()
    }

    /// The sockets dealt round-robin into `count` groups (fewer when there are fewer sockets).
    static func partition<Element>(_ items: [Element], into count: Int) -> [[Element]] {
        let groups = max(1, min(count, items.count))
        return (0..<groups).map { group in stride(from: group, to: items.count, by: groups).map { items[$0] } }
    }

    /// The CPUs in this process's affinity mask, at most the machine's cores (NIO's count
    /// looks at cgroups but not at the mask).
    static var usableCPUs: Int {
        max(1, min(POSIX.allowedCPUCount() ?? System.coreCount, System.coreCount))
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
            throw RedisClientError(
                .clusterUnavailable, "--cluster: \(options.addressDescription) is not a cluster node (cluster_enabled:0)")
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

/// One NIO connection's request loop (TLS), run entirely on its event loop: the next batch
/// is written from the reply's callback, with no hop between threads per request.
private final class ClientDriver: @unchecked Sendable {
    // @unchecked: all mutable state is touched only on `connection.eventLoop`.
    let connection: RedisConnection
    let batches: BenchBatches<RedisConnection.EncodedPipeline>
    let done: EventLoopPromise<Histogram<UInt64>>

    init(connection: RedisConnection, batches: BenchBatches<RedisConnection.EncodedPipeline>) {
        self.connection = connection
        self.batches = batches
        done = connection.eventLoop.makePromise()
    }

    func start() -> EventLoopFuture<Histogram<UInt64>> {
        connection.eventLoop.execute { self.next() }
        return done.futureResult
    }

    private func next() {
        guard let (batch, count) = batches.nextBatch(connection: 0) else { return done.succeed(batches.histogram) }
        // Replies are counted and checked for errors, not kept: nobody reads them.
        connection.countRepliesOnEventLoop(batch).whenComplete { result in
            do {
                try self.batches.answered(connection: 0, count: count, firstError: try result.get().first?.errorMessage)
                self.next()
            } catch {
                self.done.fail(error)
            }
        }
    }
}
