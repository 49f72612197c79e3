import RESP

/// One reading of `rwb top`: INFO's counters turned into rates over the interval since the
/// last reading, and warnings where a number is easy to misread.
public struct TopSample: Encodable, Sendable, Equatable {
    /// Seconds since the first reading.
    public var t: Double
    /// The seconds between this reading and the one before, which the rates are over: at
    /// least `--interval`, more on a loaded machine, so rate × interval is what was counted.
    public var intervalSeconds: Double
    public var opsPerSec: Double
    /// keyspace_hits / (hits + misses) over the interval; absent when there were neither.
    public var hitRatio: Double?
    public var usedMemory: Int64
    public var maxmemory: Int64
    public var maxmemoryPolicy: String
    public var usedMemoryRss: Int64
    public var fragmentationRatio: Double
    public var evictedPerSec: Double
    public var expiredPerSec: Double
    public var connectedClients: Int
    public var blockedClients: Int
    /// Keys per database (`db0`), and how many of them have a TTL.
    public var keys: [KeyspaceRow]
    public var netInPerSec: Double
    public var netOutPerSec: Double
    /// The slowest commands the slowlog recorded since `top` started.
    public var slowest: [SlowEntry] = []
    /// On a cluster, each master's share (the other fields are then the cluster's totals).
    public var nodes: [NodeReading]?
    public var warnings: [String]

    /// The rates between two readings of INFO, `seconds` apart (nil: the first reading).
    /// `ownCommands`: the commands top itself sent the server over the interval (its INFO and
    /// SLOWLOG GET), which total_commands_processed counts and ops/s leaves out.
    public static func from(_ info: ServerInfo, previous: ServerInfo?, seconds: Double, at t: Double, ownCommands: Int64 = 0) -> TopSample {
        func rate(_ field: String, less own: Int64 = 0) -> Double {
            guard let previous, seconds > 0, let now = info.int(field), let before = previous.int(field) else { return 0 }
            return (max(0, Double(now - before - own) / seconds) * 100).rounded() / 100
        }
        var hitRatio: Double?
        if let previous, let hits = info.int("keyspace_hits"), let misses = info.int("keyspace_misses"),
            let hitsBefore = previous.int("keyspace_hits"), let missesBefore = previous.int("keyspace_misses")
        {
            let lookups = (hits - hitsBefore) + (misses - missesBefore)
            if lookups > 0 { hitRatio = (Double(hits - hitsBefore) / Double(lookups) * 10_000).rounded() / 10_000 }
        }
        let keys = info.fields.filter { $0.key.hasPrefix("db") && Int($0.key.dropFirst(2)) != nil }
            .compactMap { name, value in KeyspaceRow(database: name, line: value) }
            .sorted { Int($0.database.dropFirst(2)) ?? 0 < Int($1.database.dropFirst(2)) ?? 0 }
        return TopSample(
            t: t, intervalSeconds: (seconds * 1000).rounded() / 1000, opsPerSec: rate("total_commands_processed", less: ownCommands),
            hitRatio: hitRatio, usedMemory: info.int("used_memory") ?? 0,
            maxmemory: info.int("maxmemory") ?? 0, maxmemoryPolicy: KeyPattern.printable(Array((info["maxmemory_policy"] ?? "?").utf8)),
            usedMemoryRss: info.int("used_memory_rss") ?? 0,
            fragmentationRatio: info["mem_fragmentation_ratio"].flatMap(Double.init) ?? 0, evictedPerSec: rate("evicted_keys"),
            expiredPerSec: rate("expired_keys"), connectedClients: Int(info.int("connected_clients") ?? 0),
            blockedClients: Int(info.int("blocked_clients") ?? 0), keys: keys, netInPerSec: rate("total_net_input_bytes"),
            netOutPerSec: rate("total_net_output_bytes"), warnings: [])
    }

    /// A small dataset makes the fragmentation ratio meaningless.
    static let smallDataset: Int64 = 10 << 20

    /// What a reader could misread in this sample, given the ones before it (oldest first).
    public mutating func warn(history: [TopSample]) {
        var notes: [String] = []
        if fragmentationRatio > 1.5, usedMemory < Self.smallDataset {
            notes.append(
                "fragmentation \(Self.trimmed(fragmentationRatio)) on a dataset under 10 MiB: that is the allocator's fixed overhead, not waste"
            )
        }
        let withTTL = keys.reduce(0) { $0 + $1.expires }
        if maxmemoryPolicy.hasPrefix("volatile-"), withTTL == 0, !keys.isEmpty {
            notes.append("policy \(maxmemoryPolicy) but no key has a TTL: nothing can be evicted, writes will fail at maxmemory")
        }
        if maxmemory == 0, maxmemoryPolicy != "noeviction" {
            notes.append("maxmemory is 0: the \(maxmemoryPolicy) policy never runs")
        }
        // Evictions rising while the hit ratio falls, over the last few samples.
        let recent = (history + [self]).suffix(4)
        let ratios = recent.compactMap(\.hitRatio)
        if recent.count == 4, ratios.count == 4, evictedPerSec > 0,
            zip(recent, recent.dropFirst()).allSatisfy({ $0.evictedPerSec <= $1.evictedPerSec }),
            let first = ratios.first, let last = ratios.last, last < first - 0.02
        {
            notes.append(
                "evictions are climbing while the hit ratio falls (\(Self.percent(first)) → \(Self.percent(last))): the working set no longer fits in maxmemory"
            )
        }
        warnings = notes
    }

    static func trimmed(_ value: Double) -> String { String((value * 100).rounded() / 100) }
    static func percent(_ value: Double) -> String { String((value * 1000).rounded() / 10) + "%" }
}

/// INFO keyspace's line for one database: `keys=1000,expires=120,avg_ttl=…`.
public struct KeyspaceRow: Encodable, Sendable, Equatable {
    public var database: String
    public var keys: Int
    public var expires: Int

    init?(database: String, line: String) {
        let fields = ServerInfo.subfields(line)
        guard let keys = fields["keys"].flatMap({ Int($0) }) else { return nil }
        self.database = database
        self.keys = keys
        self.expires = fields["expires"].flatMap { Int($0) } ?? 0
    }
}

/// One SLOWLOG entry.
public struct SlowEntry: Encodable, Sendable, Equatable {
    public var id: Int64
    public var microseconds: Int64
    /// The arguments as `KeyPattern.printable` shows them: a terminal control sequence in an
    /// argument (a script's, a key's) is drawn as `\x1b…`, never sent to the terminal.
    public var command: String
    /// On a cluster, the master whose slowlog it is in (IDs count per node); nil on one server.
    public var node: String?

    /// SLOWLOG GET's entries: [id, time, microseconds, [arguments…], …].
    public static func parse(_ reply: RESPValue) -> [SlowEntry] {
        (reply.elements ?? []).compactMap { entry in
            guard let parts = entry.elements, parts.count >= 4, let id = parts[0].int, let micros = parts[2].int,
                let words = parts[3].elements
            else { return nil }
            let arguments = words.compactMap { word -> String? in
                if case .bulkString(let bytes) = word { return KeyPattern.printable(bytes.array) }
                return word.string.map { KeyPattern.printable(Array($0.utf8)) }
            }
            return SlowEntry(id: id, microseconds: micros, command: arguments.joined(separator: " "))
        }
    }
}

/// One master's part of a cluster-wide `rwb top` reading.
public struct NodeReading: Encodable, Sendable, Equatable {
    public var node: String
    public var opsPerSec: Double
    public var hitRatio: Double?
    public var usedMemory: Int64
    public var keys: Int
    public var connectedClients: Int

    /// `node` as the topology names it, escaped as `KeyPattern.printable` does.
    public init(node: String, sample: TopSample) {
        self.node = KeyPattern.printable(Array(node.utf8))
        opsPerSec = sample.opsPerSec
        hitRatio = sample.hitRatio
        usedMemory = sample.usedMemory
        keys = sample.keys.reduce(0) { $0 + $1.keys }
        connectedClients = sample.connectedClients
    }
}
