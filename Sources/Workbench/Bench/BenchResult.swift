import Histogram

/// What one test measured: throughput and the latency distribution of every request.
public struct BenchResult: Sendable {
    public var test: String
    public var requests: Int
    public var seconds: Double
    /// Microseconds, one value per request (pipelined requests share their batch's time).
    public var latency: Histogram<UInt64>

    public var opsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }

    func milliseconds(_ percentile: Double) -> Double { Double(latency.valueAtPercentile(percentile)) / 1000 }

    /// `SET: 123456.78 ops/s  p50=0.215 p99=0.431 p99.9=0.687 max=1.203 msec`
    public var line: String {
        "\(test): \(Self.fixed(opsPerSecond, 2)) ops/s  p50=\(Self.fixed(milliseconds(50), 3)) p99=\(Self.fixed(milliseconds(99), 3)) "
            + "p99.9=\(Self.fixed(milliseconds(99.9), 3)) max=\(Self.fixed(Double(latency.max) / 1000, 3)) msec"
    }

    /// redis-benchmark's `--csv` header, so both tools' output can be compared by one script.
    public static let csvHeader =
        "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\""

    public var csvLine: String {
        let fields = [
            Self.fixed(opsPerSecond, 2), Self.fixed(latency.mean / 1000, 3), Self.fixed(Double(latency.min) / 1000, 3),
            Self.fixed(milliseconds(50), 3), Self.fixed(milliseconds(95), 3), Self.fixed(milliseconds(99), 3),
            Self.fixed(Double(latency.max) / 1000, 3),
        ]
        return "\"\(test)\"," + fields.map { "\"\($0)\"" }.joined(separator: ",")
    }

    public var json: String {
        "{\"test\":\(JSONText.string(test)),\"requests\":\(requests),\"seconds\":\(Self.fixed(seconds, 6)),"
            + "\"ops_per_sec\":\(Self.fixed(opsPerSecond, 2)),\"latency_ms\":{\"min\":\(Self.fixed(Double(latency.min) / 1000, 3)),"
            + "\"p50\":\(Self.fixed(milliseconds(50), 3)),\"p90\":\(Self.fixed(milliseconds(90), 3)),\"p99\":\(Self.fixed(milliseconds(99), 3)),"
            + "\"p99_9\":\(Self.fixed(milliseconds(99.9), 3)),\"max\":\(Self.fixed(Double(latency.max) / 1000, 3)),"
            + "\"mean\":\(Self.fixed(latency.mean / 1000, 3))}}"
    }

    /// `value` with `places` decimals, without Foundation's String(format:).
    static func fixed(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = UInt64(scaled / scale)
        let fraction = UInt64(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard places > 0 else { return "\(sign)\(whole)" }
        return "\(sign)\(whole)." + String(fraction).leftPadded(to: places)
    }
}
