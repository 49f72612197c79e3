import RESP
import RedisClient
import ReplyFormat

/// `rwb --scan [--pattern P | --quoted-pattern Q] [--count N] [-i S]`: every key, once.
/// SCAN may return a key twice when the table is rehashed between calls (redis-cli then
/// prints it twice); the keys seen are kept, so each is printed once. On a cluster (`-c`)
/// every master is scanned. Output as redis-cli's: quoted on a terminal, raw bytes otherwise
/// (binary-safe: a key with a NUL byte is printed whole, where redis-cli stops at the NUL);
/// `--json` prints one JSON string per line.
public struct ScanMode: Sendable {
    public var pattern: [UInt8]?
    public var count: Int
    /// A wait after each SCAN call, as redis-cli's `-i` in this mode.
    public var interval: Duration?

    public init(pattern: [UInt8]?, count: Int, interval: Duration?) {
        self.pattern = pattern
        self.count = count
        self.interval = interval
    }

    /// The options as given: `--count`, else redis-cli's 10 with -i (so a throttled scan is
    /// as gentle as the runbook's), else 1000 (a hundredth of the round trips).
    public init(flags: ModeFlags) throws(CommandArguments.Failure) {
        var pattern = flags.pattern.map { Array($0.utf8) }
        if let quoted = flags.quotedPattern { pattern = try CommandArguments.unquoted([Array(quoted.utf8)])[0] }
        self.init(pattern: pattern, count: flags.count ?? (flags.intervalDuration == nil ? 1000 : 10), interval: flags.intervalDuration)
    }

    public func run(options: ConnectionOptions, mode: OutputMode, output: OutputSink, errors: OutputSink) async -> Int32 {
        var options = options
        options.clientName = nil
        // Every key SCAN returned so far: it returns each at least once, this makes it once.
        var seen = Set<SeenKey>()
        do {
            // One server over a plain socket: the calls on this thread, as redis-cli makes
            // them. Through the event loop each SCAN cost 60% more at COUNT 10 (scripts/bench).
            if options.cluster != .on && BlockingConnection.supports(options) {
                let connection = try await BlockingConnection.connect(options)
                try await scan({ try connection.send($0) }, seen: &seen, mode: mode, output: output)
                return 0
            }
            let client = RedisClient(options, group: RedisConnection.singleThreadedGroup())
            defer { Task { await client.close() } }
            if options.cluster == .on, let topology = try await client.clusterTopology() {
                for master in topology.masters {
                    let node = NodeSender(client: client, node: master.address)
                    try await scan({ try await node.send($0) }, seen: &seen, mode: mode, output: output)
                }
            } else {
                try await scan({ try await client.send($0) }, seen: &seen, mode: mode, output: output)
            }
        } catch is CancellationError {
            return 0
        } catch {
            errors.line("\(error)")
            return 1
        }
        return 0
    }

    /// Output gathered up to this size before a write, unless someone watches it (a
    /// terminal, or -i's pace): at COUNT 10 a write per page was a system call per 10 keys.
    static let outputBatch = 64 * 1024

    /// One node's keyspace, a page at a time.
    private func scan(
        _ send: (RedisCommand) async throws -> RESPValue, seen: inout Set<SeenKey>, mode: OutputMode, output: OutputSink
    ) async throws {
        let formatter = ReplyFormatter(mode: mode)
        let watched = mode == .tty || interval != nil
        var out: [UInt8] = []
        // Whatever was gathered is written however the scan ends (an error, Ctrl-C).
        defer { if !out.isEmpty { output.write(out) } }
        let clock = SystemClock()
        try await KeyCleaner.forEachPage(matching: pattern, count: count, send: send) { keys in
            for key in keys where seen.insert(SeenKey(bytes: key)).inserted {
                switch mode {
                case .tty, .json, .quotedJSON:
                    out += formatter.format(.bulkString(RESPBytes(key)))
                case .raw, .csv:
                    out += key
                    out.append(UInt8(ascii: "\n"))
                }
            }
            if !out.isEmpty && (watched || out.count >= Self.outputBatch) {
                output.write(out)
                out.removeAll(keepingCapacity: true)
            }
            if let interval { try await clock.sleep(for: interval) }
            try Task.checkCancellation()
        }
    }
}

/// A key SCAN returned, hashed as one block of bytes: `[UInt8]`'s own hashing feeds the
/// hasher a byte at a time, which was a tenth of `--scan --count 10`'s samples in `perf`.
struct SeenKey: Hashable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
