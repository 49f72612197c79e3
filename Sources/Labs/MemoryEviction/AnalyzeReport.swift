/// Where a server's memory goes.
public struct AnalyzeReport: LabReport {
    public var memory: MemorySummary
    /// MEMORY DOCTOR's text.
    public var doctor: String
    public var dbsize: Int
    /// Keys inspected.
    public var keysScanned = 0
    /// Totals are scaled from a sample (`--sample`) by this factor (1: every key was seen).
    public var scale = 1.0
    public var totalKeys = 0
    /// The sum of MEMORY USAGE over the keys (scaled with a sample).
    public var totalBytes: Int64 = 0
    public var byType: [KeyGroupRow] = []
    public var byPattern: [KeyGroupRow] = []
    public var topKeys: [TopKey] = []
    public var withoutTTL = KeyGroupRow(name: "(no TTL)", keys: 0, bytes: 0, share: 0, withTTL: 0, example: "")
    public var encodings: [EncodingRow] = []
    public var keysPerSec = 0.0
    /// On a cluster: each master's part (the other figures are then the cluster's).
    public var nodes: [AnalyzeNodeRow]?
    /// The pattern table is wanted as CSV.
    public var csv = false
    /// How the keys were inspected: `--method`'s, or `pipeline` when the user may not run
    /// scripts (an ACL without @scripting answers NOPERM).
    public var method = ""
    /// Why `method` is not the one asked for; absent when it is.
    public var methodFallback: String?
    /// MEMORY USAGE's SAMPLES: 0 counts every element of an aggregate ("exact"); more
    /// averages that many and multiplies ("sampled": an estimate, `--memory-samples`).
    public var memorySamples = 0
    public var memoryUsage = "exact"

    public var timingDependent: [String] { ["keys_per_sec", "memory", "doctor", "nodes.*.used_memory"] }

    init(memory: MemorySummary, doctor: String, dbsize: Int) {
        self.memory = memory
        self.doctor = doctor
        self.dbsize = dbsize
    }

    /// The method a walk used (the last word on a cluster: see `AnalyzeLab`).
    mutating func noteMethod(_ used: AnalyzeLab.InspectionMethod) {
        method = used.rawValue
    }

    mutating func finish(_ tally: KeyspaceTally, lab: AnalyzeLab, elapsed: Duration) {
        keysScanned = tally.keys
        csv = lab.csv
        if method.isEmpty { method = lab.method.rawValue }
        if method != lab.method.rawValue {
            methodFallback =
                "the user may not run scripts (NOPERM): keys inspected with --method \(method) instead of \(lab.method.rawValue)"
        }
        memorySamples = lab.memorySamples ?? 0
        memoryUsage = memorySamples == 0 ? "exact" : "sampled"
        // A sample of the whole database scales to DBSIZE; a MATCH or a stop midway does not.
        scale = lab.sample != nil && lab.match == nil && tally.keys > 0 && tally.keys < dbsize ? Double(dbsize) / Double(tally.keys) : 1
        totalKeys = Int((Double(tally.keys) * scale).rounded())
        totalBytes = Int64((Double(tally.bytes) * scale).rounded())
        func row(_ name: String, _ group: KeyspaceTally.Group) -> KeyGroupRow {
            KeyGroupRow(
                name: name, keys: Int((Double(group.keys) * scale).rounded()), bytes: Int64((Double(group.bytes) * scale).rounded()),
                share: tally.bytes == 0 ? 0 : (Double(group.bytes) / Double(tally.bytes) * 10_000).rounded() / 10_000,
                withTTL: Int((Double(group.withTTL) * scale).rounded()), example: KeyPattern.printable(group.example))
        }
        let ordered: (KeyspaceTally.Group, KeyspaceTally.Group) -> Bool = { $0.bytes > $1.bytes }
        byType = tally.byType.sorted { ordered($0.value, $1.value) || ($0.value.bytes == $1.value.bytes && $0.key < $1.key) }.map {
            row($0.key, $0.value)
        }
        let patterns = tally.byPattern.map { (KeyPattern.printable($0.key), $0.value) }
            .sorted { ordered($0.1, $1.1) || ($0.1.bytes == $1.1.bytes && $0.0 < $1.0) }
        byPattern = patterns.prefix(lab.patterns).map { row($0.0, $0.1) }
        if patterns.count > lab.patterns {
            var rest = KeyspaceTally.Group()
            for (_, group) in patterns.dropFirst(lab.patterns) { rest.merge(group) }
            rest.example = []
            byPattern.append(row("(\(patterns.count - lab.patterns) other patterns)", rest))
        }
        topKeys = tally.largest.map {
            TopKey(key: KeyPattern.printable($0.name), type: $0.type, bytes: $0.bytes, encoding: $0.encoding, ttlMs: $0.ttlMs)
        }
        withoutTTL = row("(no TTL)", tally.withoutTTL)
        encodings = tally.encodings.flatMap { type, counts in counts.map { EncodingRow(type: type, encoding: $0.key, keys: $0.value) } }
            .sorted { ($0.type, $0.encoding) < ($1.type, $1.encoding) }
        keysPerSec = (Double(tally.keys) / max(elapsed.seconds, 1e-9)).rounded()
    }
}

/// INFO memory and MEMORY STATS, the figures worth reading.
public struct MemorySummary: Encodable, Sendable {
    public var usedMemory: Int64
    public var usedMemoryRss: Int64
    public var usedMemoryPeak: Int64
    /// What the keys and values take (INFO's used_memory_dataset).
    public var usedMemoryDataset: Int64
    /// Everything else: client buffers, the keys' tables, replication backlog…
    public var usedMemoryOverhead: Int64
    public var fragmentationRatio: Double
    public var maxmemory: Int64
    public var maxmemoryPolicy: String
    /// MEMORY STATS keys.bytes-per-key.
    public var bytesPerKey: Double
    /// MEMORY STATS dataset.percentage.
    public var datasetPercentage: Double

    init(info: ServerInfo, stats: MemoryStats) {
        usedMemory = info.int("used_memory") ?? 0
        usedMemoryRss = info.int("used_memory_rss") ?? 0
        usedMemoryPeak = info.int("used_memory_peak") ?? 0
        usedMemoryDataset = info.int("used_memory_dataset") ?? 0
        usedMemoryOverhead = info.int("used_memory_overhead") ?? 0
        fragmentationRatio = info["mem_fragmentation_ratio"].flatMap(Double.init) ?? 0
        maxmemory = info.int("maxmemory") ?? 0
        maxmemoryPolicy = info["maxmemory_policy"] ?? "?"
        bytesPerKey = stats["keys.bytes-per-key"] ?? 0
        datasetPercentage = ((stats["dataset.percentage"] ?? 0) * 100).rounded() / 100
    }
}

public struct KeyGroupRow: Encodable, Sendable {
    /// A type name or a key pattern.
    public var name: String
    public var keys: Int
    public var bytes: Int64
    /// Of all the bytes seen.
    public var share: Double
    public var withTTL: Int
    /// One key of the group, as seen.
    public var example: String
}

public struct TopKey: Encodable, Sendable {
    public var key: String
    public var type: String
    public var bytes: Int64
    public var encoding: String
    /// PTTL: −1 without a TTL.
    public var ttlMs: Int64
}

public struct EncodingRow: Encodable, Sendable {
    public var type: String
    public var encoding: String
    public var keys: Int
}

/// One master's part of a cluster-wide analysis.
public struct AnalyzeNodeRow: Encodable, Sendable {
    public var node: String
    public var dbsize: Int
    public var keysScanned: Int
    /// The sum of MEMORY USAGE over the keys seen on this master.
    public var bytes: Int64
    /// INFO's used_memory of this master.
    public var usedMemory: Int64
}
