import ArgumentParser
import Labs

/// `rwb lab eviction` options.
public struct EvictionOptions: ParsableArguments {
    @Option(help: "A policy, a comma-separated list, or all: \(EvictionLab.policies.joined(separator: ", ")).")
    var policy = "all"

    @Option(parsing: .unconditional, help: "Distinct keys the workload asks for (default 5000, --quick 2000).")
    var keys: Int?

    @Option(parsing: .unconditional, help: "The share of those keys that fits in maxmemory.")
    var capacity = 0.25

    @Option(parsing: .unconditional, help: "Requests per policy (default 30000, --quick 6000).")
    var requests: Int?

    @Option(parsing: .unconditional, help: "Zipf exponent of key popularity.")
    var zipf = 1.0

    @Option(parsing: .unconditional, help: "Halfway, this share of the popularity ranks moves to other keys.")
    var shift = 0.5

    @Option(
        name: .customLong("ttl-share"), parsing: .unconditional, help: "The share of keys written with a TTL (what volatile-* may evict).")
    var ttlShare = 0.5

    @Option(
        parsing: .unconditional,
        help: "Requests a second (default 2000): Redis's LRU clock ticks once a second, so a run must span seconds.")
    var rate: Double?

    // 1 KB by default: client buffers also count against maxmemory and vary by tens of
    // kilobytes; beside small values they would decide how many keys fit.
    @Option(name: .customLong("value-size"), parsing: .unconditional, help: "Bytes of each value.")
    var valueSize = 1000

    @Option(help: "Run allkeys-lru (or allkeys-lfu) once per value of a setting: maxmemory-samples=1,3,5,10 or lfu-log-factor=0,1,10,100.")
    var sweep: String?

    public init() {}

    public func validate() throws {
        _ = try policies()
        _ = try sweepSetting()
        try OptionBounds.check("--keys", keys, 10...1_000_000)
        try OptionBounds.check("--capacity", capacity, 0.01...0.99, "(a share)")
        try OptionBounds.check("--requests", requests, 1...10_000_000)
        try OptionBounds.check("--zipf", zipf, 0...10)
        try OptionBounds.check("--shift", shift, 0...1, "(a share)")
        try OptionBounds.check("--ttl-share", ttlShare, 0...1, "(a share)")
        if let rate { try OptionBounds.check("--rate", rate, 1...1_000_000, "a second") }
        try OptionBounds.check("--value-size", valueSize, 1...1_000_000, "bytes")
    }

    func policies() throws -> [String] {
        try NameList.parse("--policy", policy, choices: EvictionLab.policies, name: { $0 })
    }

    func sweepSetting() throws -> EvictionSweep? {
        guard let sweep else { return nil }
        let parts = sweep.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, ["maxmemory-samples", "lfu-log-factor"].contains(String(parts[0])) else {
            throw ValidationError("--sweep \(sweep): maxmemory-samples=1,3,5,10 or lfu-log-factor=0,1,10,100")
        }
        let values = parts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        // What redis-server accepts for each (maxmemory-samples 1 to 64).
        let range = parts[0] == "maxmemory-samples" ? 1...64 : 0...1_000_000
        guard !values.isEmpty, values.allSatisfy({ Int($0).map(range.contains) ?? false }) else {
            throw ValidationError("--sweep \(sweep): \(parts[0]) takes whole numbers from \(range.lowerBound) to \(range.upperBound)")
        }
        return EvictionSweep(parameter: String(parts[0]), values: values)
    }
}

/// `rwb lab eviction`: options to configuration, report to text.
public enum EvictionSpec: LabSpec {
    public static func lab(from options: EvictionOptions, quick: Bool) throws -> EvictionLab {
        EvictionLab(
            policies: try options.policies(), keys: options.keys ?? (quick ? 2000 : 5000), capacity: options.capacity,
            requests: options.requests ?? (quick ? 6000 : 30_000), zipf: options.zipf, shift: options.shift, ttlShare: options.ttlShare,
            rate: options.rate ?? 2000, valueSize: options.valueSize, sweep: try options.sweepSetting())
    }

    public static func render(_ report: EvictionReport, style: TextStyle) -> String {
        var text =
            "\(Format.grouped(report.requests)) requests (GET, SET on a miss) over \(Format.grouped(report.keys)) keys at \(Format.grouped(Int(report.rate)))/s; "
            + "maxmemory \(Format.bytes(report.maxmemory))\(report.maxmemoryWasSet ? " (already set: kept)" : "") holds about "
            + "\(Format.grouped(report.capacityKeys)) keys of \(report.bytesPerKey) bytes.\n\n"
        var table = TextTable(["policy", "hit ratio", "exact", "evicted", "OOM errors", "used memory", "keys held", "seconds"])
        for result in report.results {
            table.add([
                result.policy, Format.ratio(result.hitRatio), exactFor(result.policy, report).map(Format.ratio) ?? "–",
                Format.grouped(result.evictedKeys),
                Format.grouped(result.oomErrors), Format.bytes(result.usedMemory), Format.grouped(result.keysHeld),
                Format.number(result.seconds),
            ])
        }
        text += table.render(style: style)
        var chart = BarChart(title: "\nHit ratio")
        for result in report.results { chart.add(result.policy, result.hitRatio, text: Format.percent(result.hitRatio)) }
        if let reference = report.reference {
            for (name, ratio) in [
                ("exact LRU", reference.exactLru), ("exact LFU", reference.exactLfu), ("random", reference.random),
                ("optimal (Belady)", reference.optimal),
            ] {
                chart.add(name, ratio, text: Format.percent(ratio))
            }
        }
        text += chart.render(style: style)
        if let sweep = report.sweep {
            var points = BarChart(title: "\n\(sweep.policy) by \(sweep.parameter) (exact: \(Format.percent(sweep.exactHitRatio)))")
            for point in sweep.points {
                points.add("\(sweep.parameter)=\(point.value)", point.hitRatio, text: Format.percent(point.hitRatio))
            }
            points.add("exact", sweep.exactHitRatio, text: Format.percent(sweep.exactHitRatio))
            text += points.render(style: style)
        }
        text += Format.whatThisShows(EvictionExplanation.sentences(report), style: style)
        return text
    }

    /// The exact policy a sampled one approximates.
    static func exactFor(_ policy: String, _ report: EvictionReport) -> Double? {
        guard let reference = report.reference else { return nil }
        switch policy {
        case "allkeys-lru": return reference.exactLru
        case "allkeys-lfu": return reference.exactLfu
        case "allkeys-random": return reference.random
        default: return nil
        }
    }
}
