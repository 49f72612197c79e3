import RESP
import RedisClient

#if canImport(Glibc)
import Glibc
#endif

/// `rwb --lru-test KEYS`: redis-cli's cache simulation. Each cycle pipelines 250 SETs then
/// 250 GETs of keys drawn from 1…KEYS by a power law (alpha 6.2: 80% of the requests go to
/// 20% of the keys), and each second prints redis-cli's line `N Gets/sec | Hits: H (x.xx%) |
/// Misses: M (y.yy%)`: how well the server's eviction keeps the hot keys under maxmemory.
///
/// Unlike redis-cli, whose keys are `lru:N` among the user's own: the keys are under
/// `rwb:lru-test:` and are deleted when the mode ends (Ctrl-C, SIGTERM, a lost server
/// permitting); it says first what the server's maxmemory and policy are, since without
/// maxmemory nothing is evicted and the test only shows the keys filling up.
public struct LRUTestMode: Sendable {
    public static let keyPrefix = "rwb:lru-test:"
    public static let keysRange = 1...100_000_000
    /// redis-cli's pipeline: 250 writes, then 250 reads.
    static let batch = 250
    /// redis-cli's power-law exponent for its 80-20 rule.
    static let alpha = 6.2
    static let deleteBatch = 1000

    public var keys: Int

    public init(keys: Int) {
        self.keys = keys
    }

    public func run(options: ConnectionOptions, output: OutputSink, errors: OutputSink) async -> Int32 {
        // A second signal waits for the keys to be deleted rather than exit before.
        await ExitCleanup.finishing(Task { await simulate(options: options, output: output, errors: errors) })
    }

    private func simulate(options: ConnectionOptions, output: OutputSink, errors: OutputSink) async -> Int32 {
        var options = options
        options.clientName = "rwb-lru-test"
        let client: Link
        do {
            client = try await Link.open(options)
        } catch {
            errors.line("Could not connect to Redis at \(options.addressDescription): \(error)")
            return 1
        }
        let clock = SystemClock()
        var written = KeySet(count: keys)
        var status: Int32 = 0
        do {
            errors.line(try await Self.memoryNote(client))
            errors.line(
                "\(keys) keys under \(Self.keyPrefix), deleted when the test ends (Ctrl-C); for eviction measured against an exact LRU: rwb lab eviction"
            )
            var setRefusal: String?
            while !Task.isCancelled {
                let start = clock.now
                var hits = 0
                var misses = 0
                while clock.now - start < .seconds(1) && !Task.isCancelled {
                    let indexes = (0..<Self.batch).map { _ in Self.powerLawIndex(keys) }
                    let replies = try await client.pipeline(indexes.map { ["SET", Self.keyPrefix + String($0), "val"] })
                    for (index, reply) in zip(indexes, replies) {
                        if case .simpleError(let message) = reply {
                            if setRefusal == nil { errors.line("SET refused: \(message)") }
                            setRefusal = message
                        } else {
                            written.insert(index)
                        }
                    }
                    let reads = try await client.pipeline(
                        (0..<Self.batch).map { _ in ["GET", Self.keyPrefix + String(Self.powerLawIndex(keys))] })
                    for reply in reads {
                        switch reply {
                        case .simpleError(let message): output.line(message)
                        case .null: misses += 1
                        default: hits += 1
                        }
                    }
                }
                if hits + misses > 0 { output.line(Self.line(hits: hits, misses: misses)) }
            }
        } catch is CancellationError {
        } catch {
            errors.line("I/O error during LRU test: \(error)")
            status = 1
        }
        // Not under the cancelled task: the deletion must run after Ctrl-C.
        let deleted = await Task { [written] in await Self.delete(written, client: client, errors: errors) }.value
        await client.close()
        return deleted ? status : 1
    }

    /// maxmemory and the policy, and what they mean for the test.
    static func memoryNote(_ client: Link) async throws -> String {
        let reply = try await client.send(["CONFIG", "GET", "maxmemory*"])
        guard case .array(let items) = reply else { return "maxmemory: unknown (CONFIG GET: \(reply))" }
        var settings: [String: String] = [:]
        for pair in stride(from: 0, to: items.count - 1, by: 2) {
            if let name = items[pair].string, let value = items[pair + 1].string { settings[name] = value }
        }
        let limit = settings["maxmemory"] ?? "?"
        let policy = settings["maxmemory-policy"] ?? "?"
        if limit == "0" { return "maxmemory 0 (none), policy \(policy): without maxmemory nothing is evicted" }
        return "maxmemory \(limit) bytes, policy \(policy)"
    }

    /// The test's connection: a plain socket read and written on the calling thread where it
    /// can be one (a plain server: no event loop between the pipelines and the socket, which
    /// cost NIO most of redis-cli's speed), the client otherwise (TLS, a cluster).
    /// @unchecked: one task at a time uses it, the simulation and then, once that has ended,
    /// the deletion of the keys.
    enum Link: @unchecked Sendable {
        case direct(BlockingConnection)
        case client(RedisClient)

        static func open(_ options: ConnectionOptions) async throws -> Link {
            guard BlockingConnection.supports(options) else { return .client(RedisClient(options)) }
            return .direct(try await BlockingConnection.connect(options))
        }

        func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
            switch self {
            case .direct(let connection): return try connection.pipeline(commands, timeout: connection.options.commandTimeout)
            case .client(let client): return try await client.pipeline(commands)
            }
        }

        func send(_ command: RedisCommand) async throws -> RESPValue {
            try await pipeline([command])[0]
        }

        func close() async {
            switch self {
            case .direct(let connection): connection.close()
            case .client(let client): await client.close()
            }
        }
    }

    /// redis-cli's powerLawRand(1, keys, 6.2): 1…keys, the low numbers far more often.
    static func powerLawIndex(_ keys: Int) -> Int {
        let high = Double(keys + 1)
        let exponent = alpha + 1
        let r = Double.random(in: 0...1)
        let drawn = pow((pow(high, exponent) - 1) * r + 1, 1 / exponent)
        return min(keys, max(1, keys - Int(drawn) + 1))
    }

    /// redis-cli's line: `%lld Gets/sec | Hits: %lld (%.2f%%) | Misses: %lld (%.2f%%)`.
    static func line(hits: Int, misses: Int) -> String {
        let total = hits + misses
        return "\(total) Gets/sec | Hits: \(hits) (\(percent(hits, of: total))%) | Misses: \(misses) (\(percent(misses, of: total))%)"
    }

    /// `part` in `total` as a percentage with two decimals.
    static func percent(_ part: Int, of total: Int) -> String {
        let hundredths = Int((Double(part) / Double(total) * 10_000).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Deletes every key the test wrote; says so when it cannot.
    static func delete(_ written: KeySet, client: Link, errors: OutputSink) async -> Bool {
        var batch: [RedisCommand] = []
        do {
            for index in written {
                batch.append(["UNLINK", keyPrefix + String(index)])
                if batch.count == deleteBatch {
                    _ = try await client.pipeline(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { _ = try await client.pipeline(batch) }
            return true
        } catch {
            errors.line("could not delete the test's keys (\(error)): rwb --scan --pattern '\(keyPrefix)*' lists them")
            return false
        }
    }

    /// The key numbers written, one bit each (100 million keys: 12.5 MB), listed in order.
    struct KeySet: Sendable, Sequence {
        private var words: [UInt64]

        init(count: Int) {
            words = Array(repeating: 0, count: count / 64 + 1)
        }

        mutating func insert(_ index: Int) {
            words[index / 64] |= 1 << UInt64(index % 64)
        }

        func makeIterator() -> some IteratorProtocol<Int> {
            var word = 0
            var bits: UInt64 = words.first ?? 0
            return AnyIterator { [words] in
                while bits == 0 {
                    word += 1
                    guard word < words.count else { return nil }
                    bits = words[word]
                }
                let bit = bits.trailingZeroBitCount
                bits &= bits - 1
                return word * 64 + bit
            }
        }
    }
}
