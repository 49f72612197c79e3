import ArgumentParser
import RESP
import Workbench

/// `rwb bench`: redis-benchmark's core options, latency percentiles from a histogram.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure client-side throughput and latency (redis-benchmark's options).",
        discussion: """
            Tests: \(BenchTest.standardNames.joined(separator: ",")), or any command after `--`.
            Example: rwb bench -t set,get -n 100000 -c 50 -P 16
            """,
        helpNames: [.long]
    )

    @OptionGroup var connection: ConnectionFlags

    @Option(name: .customLong("dbnum"), help: "Database number (redis-benchmark's flag; -n is the request count here).")
    var database: Int?

    @Option(name: .customShort("t"), help: "Comma-separated tests.")
    var tests = "ping,set,get,incr,lpush,rpop,sadd,hset,zadd,lrange_100,mset"

    @Option(name: .customShort("n"), parsing: .unconditional, help: "Total number of requests.")
    var requests = 100_000

    @Option(name: .customShort("c"), parsing: .unconditional, help: "Number of parallel connections.")
    var clients = 50

    @Option(name: .customShort("P"), parsing: .unconditional, help: "Pipeline <numreq> requests.")
    var pipeline = 1

    @Option(name: .customShort("d"), parsing: .unconditional, help: "Data size of SET/GET value in bytes.")
    var dataSize = 3

    @Option(name: .customShort("r"), help: "Use random keys in [0, keyspacelen) for __rand_int__.")
    var keyspace: Int?

    @Option(name: .customLong("duration"), help: "Run each test for this many seconds instead of -n requests.")
    var duration: Double?

    @Option(name: .customLong("seed"), help: "Seed for random keys.")
    var seed: UInt64 = 0

    @Flag(name: .customLong("csv"), help: "CSV with redis-benchmark's columns.")
    var csv = false

    @Flag(name: .customLong("json"), help: "One JSON object per test.")
    var json = false

    @Flag(name: .customShort("q"), help: "Quiet: no progress line.")
    var quiet = false

    @Flag(name: .customLong("local"), help: "Benchmark a throwaway local redis-server.")
    var local = false

    @Flag(
        name: .customLong("cluster"),
        help: "Redis Cluster: each connection to one master in turn, its keys tagged to that master's slots (as redis-benchmark --cluster)."
    )
    var cluster = false

    @Argument(parsing: .postTerminator, help: "A command to benchmark instead of -t (after --).")
    var command: [String] = []

    static let maxClients = 10_000
    /// Requests in flight at once (-c × -P): beyond this the client's memory, not the
    /// server, is what gets measured.
    static let maxInFlight = 1_000_000
    /// redis-server's default `proto-max-bulk-len`: a larger value is refused by the server.
    static let maxDataSize = 512 << 20

    func validate() throws {
        try OptionBounds.check("-n", requests, 1...Int(Int32.max), "requests")
        // redis-server's default maxclients: more connections than that only collect errors.
        try OptionBounds.check("-c", clients, 1...Self.maxClients, "connections")
        try OptionBounds.check("-P", pipeline, 1...Self.maxInFlight, "requests a round trip")
        try OptionBounds.check("-d", dataSize, 0...Self.maxDataSize, "bytes (redis-server's default proto-max-bulk-len)")
        try OptionBounds.check("-r", keyspace, 1...Int(Int64.max))
        try OptionBounds.check("--dbnum", database, 0...Int(Int32.max))
        if let duration { try OptionBounds.check("--duration", duration, 0.001...86_400, "seconds") }
        if clients * pipeline > Self.maxInFlight {
            throw ValidationError("-c \(clients) -P \(pipeline): at most \(Self.maxInFlight) requests in flight at once")
        }
        for name in selectedTestNames where BenchTest.named(name, dataSize: dataSize) == nil {
            throw ValidationError("unknown test '\(name)': one of \(BenchTest.standardNames.joined(separator: ","))")
        }
    }

    private var selectedTestNames: [String] {
        command.isEmpty ? tests.split(separator: ",").map { String($0).trimmingCharacters(in: " ") } : []
    }

    func run() async throws {
        ExitCleanup.installSignalHandlers()
        defer { ExitCleanup.run() }
        var request = connection.request
        if let database { request.database = database }
        var options = try request.resolve(environment: ProcessEnvironment.variables)
        if local {
            let server = try await ThrowawayServer.start()
            ExitCleanup.register(server)
            options = server.options
        }
        var configuration = BenchRunner.Configuration()
        configuration.requests = requests
        configuration.clients = clients
        configuration.pipeline = pipeline
        configuration.keyspace = keyspace
        configuration.duration = duration.map { .milliseconds(Int64($0 * 1000)) }
        configuration.seed = seed
        configuration.cluster = cluster
        let runner = BenchRunner(options: options, configuration: configuration)
        let tests =
            command.isEmpty
            ? selectedTestNames.compactMap { BenchTest.named($0, dataSize: dataSize) }
            : [BenchTest(name: command.joined(separator: " "), template: command)]

        let out = FileDescriptorSink.standardOutput
        let progressSink = FileDescriptorSink.standardError
        let showProgress = !quiet && progressSink.isTerminal
        if csv { out.line(BenchResult.csvHeader) }
        for test in tests {
            let result: BenchResult
            do {
                result = try await runner.run(test) { done, elapsed in
                    guard showProgress else { return }
                    let rate = elapsed.seconds > 0 ? Int(Double(done) / elapsed.seconds) : 0
                    progressSink.write("\r\u{1b}[K\(test.name): \(done) requests, \(rate) ops/s")
                }
            } catch {
                if showProgress { progressSink.write("\r\u{1b}[K") }
                FileDescriptorSink.standardError.line("\(test.name): \(error)")
                throw ExitCode(1)
            }
            if showProgress { progressSink.write("\r\u{1b}[K") }
            out.line(csv ? result.csvLine : json ? result.json : result.line)
        }
    }
}
