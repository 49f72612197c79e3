import Labs
import RESP
import RedisClient
import ReplyFormat

/// `rwb --latency`, `--latency-history` and `--latency-dist`: a PING every 10 ms, as
/// redis-cli sends them, each timed on a plain blocking socket (no event loop between the
/// clock and the server) into min, max, mean and an HDR histogram.
///
/// - On a terminal, `--latency` rewrites one line after every sample, in microsecond
///   resolution (redis-cli's is whole milliseconds, so its min and max are mostly 0 or 1)
///   with the median and p99 beside redis-cli's figures; `--latency-history` ends that line
///   every `-i` seconds (15 by default) with ` -- N.NN seconds range` and starts afresh;
///   `--latency-dist` prints a line of percentiles every `-i` seconds (1 by default), where
///   redis-cli draws a 256-colour spectrum.
/// - Otherwise (`--raw`, `--csv`, `--json`, or stdout not a terminal) it samples for `-i`
///   seconds (1 by default) and prints redis-cli's one line: `min max avg count`, min and max
///   in whole milliseconds as redis-cli gives them, or its CSV and JSON forms.
public struct LatencyMode: Sendable {
    public enum Kind: Sendable { case latency, history, distribution }

    public var kind: Kind
    public var interval: Duration?
    public var mode: OutputMode

    static let sampleEvery = Duration.milliseconds(10)

    public init(kind: Kind, interval: Duration?, mode: OutputMode) {
        self.kind = kind
        self.interval = interval
        self.mode = mode
    }

    /// What was measured over one range of samples.
    struct Range {
        var count = 0
        var minMicros: Int64 = .max
        var maxMicros: Int64 = 0
        var sumMicros: Int64 = 0
        var histogram = LatencyRecorder()

        mutating func add(_ micros: Int64) {
            count += 1
            minMicros = min(minMicros, micros)
            maxMicros = max(maxMicros, micros)
            sumMicros += micros
            histogram.record(.microseconds(micros))
        }

        var averageMillis: Double { count == 0 ? 0 : Double(sumMicros) / Double(count) / 1000 }

        /// redis-cli's non-terminal line: min and max in whole milliseconds.
        func scriptLine(_ mode: OutputMode) -> String {
            let (low, high) = (count == 0 ? 0 : minMicros / 1000, maxMicros / 1000)
            let average = BenchResult.fixed(averageMillis, 2)
            switch mode {
            case .csv: return "\(low),\(high),\(average),\(count)"
            case .json, .quotedJSON:
                let p50 = BenchResult.fixed(Double(histogram.microsecondsAtPercentile(50)) / 1000, 3)
                let p99 = BenchResult.fixed(Double(histogram.microsecondsAtPercentile(99)) / 1000, 3)
                return "{\"min\": \(low), \"max\": \(high), \"avg\": \(average), \"count\": \(count), \"p50\": \(p50), \"p99\": \(p99)}"
            case .raw, .tty: return "\(low) \(high) \(average) \(count)"
            }
        }

        /// The terminal's line, in milliseconds to the microsecond.
        var terminalLine: String {
            func ms(_ micros: Int64) -> String { BenchResult.fixed(Double(micros) / 1000, 3) }
            return
                "min: \(ms(count == 0 ? 0 : minMicros)), max: \(ms(maxMicros)), avg: \(BenchResult.fixed(averageMillis, 3)) (\(count) samples)"
                + ", p50 \(ms(Int64(histogram.microsecondsAtPercentile(50)))), p99 \(ms(Int64(histogram.microsecondsAtPercentile(99)))) ms"
        }

        var percentileLine: String {
            func ms(_ percentile: Double) -> String { BenchResult.fixed(Double(histogram.microsecondsAtPercentile(percentile)) / 1000, 3) }
            return
                "p50 \(ms(50))  p90 \(ms(90))  p99 \(ms(99))  p99.9 \(ms(99.9))  max \(BenchResult.fixed(Double(maxMicros) / 1000, 3)) ms"
                + "  (\(count) samples)"
        }
    }

    public func run(options: ConnectionOptions, output: OutputSink, errors: OutputSink) async -> Int32 {
        var options = options
        options.clientName = nil
        let sampler: Sampler
        do {
            sampler = try await Sampler.open(options)
        } catch {
            errors.line("\(error)")
            return 1
        }
        let status = await measure(sampler, output: output, errors: errors)
        await sampler.close()
        return status
    }

    private func measure(_ sampler: Sampler, output: OutputSink, errors: OutputSink) async -> Int32 {
        let clock = ContinuousClock()
        let terminal = mode == .tty
        let rangeLength: Duration =
            switch (kind, terminal) {
            case (.latency, true): .seconds(Int64.max / 2)
            case (.history, true): interval ?? .seconds(15)
            default: interval ?? .seconds(1)
            }
        var range = Range()
        var rangeStart = clock.now
        while !Task.isCancelled {
            let start = clock.now
            do {
                try await sampler.ping()
            } catch is CancellationError {
                break
            } catch {
                if terminal { output.write("\n") }
                errors.line("I/O error: \(error)")
                return 1
            }
            let elapsed = clock.now - start
            range.add(max(0, elapsed.microseconds))
            if terminal && kind != .distribution { output.write("\u{1B}[0G\u{1B}[2K" + range.terminalLine) }
            if clock.now - rangeStart >= rangeLength {
                guard terminal else {
                    output.line(range.scriptLine(mode))
                    return 0
                }
                let seconds = BenchResult.fixed((clock.now - rangeStart).seconds, 2)
                output.line(kind == .distribution ? range.percentileLine : " -- \(seconds) seconds range")
                range = Range()
                rangeStart = clock.now
            }
            do { try await Task.sleep(for: Self.sampleEvery) } catch { break }
        }
        if terminal && kind == .latency { output.write("\n") }
        return 0
    }
}

/// One PING at a time on a plain socket where the options allow it (no TLS), through the
/// client otherwise.
enum Sampler {
    case plain(BlockingConnection)
    case client(RedisClient)

    static func open(_ options: ConnectionOptions) async throws -> Sampler {
        if options.sentinel == nil, options.cluster != .on, BlockingConnection.supports(options) {
            return .plain(try await BlockingConnection.connect(options))
        }
        let client = RedisClient(options, retryPolicy: .never)
        try await client.connect()
        return .client(client)
    }

    func ping() async throws {
        let reply: RESPValue
        switch self {
        case .plain(let connection): reply = try connection.send(["PING"])
        case .client(let client): reply = try await client.send(["PING"])
        }
        if let message = reply.errorMessage { throw RedisServerError(message) }
    }

    func close() async {
        if case .client(let client) = self { await client.close() }
    }
}
