import Labs
import RESP
import RedisClient
import ReplyFormat

#if canImport(Glibc)
import Glibc
#endif

/// `rwb --bigkeys`, `--memkeys [--memkeys-samples N]`, `--hotkeys`, with `--pattern` and
/// `-i`: redis-cli's layout (its "found so far" lines and the summary a script greps), from
/// `rwb analyze`'s walk (`AnalyzeLab.survey`), so the figures are analyze's: MEMORY USAGE
/// exact unless `--memkeys-samples` says otherwise (redis-cli samples 5 elements by default),
/// every master with `-c` (redis-cli reads one node). The lines redis-cli prints as it
/// scans come after the walk, in the order the keys were seen; on a terminal a progress bar
/// on stderr stands in meanwhile.
public struct KeySurveyMode: Sendable {
    public enum Kind: Sendable {
        case bigKeys, memKeys, hotKeys
    }

    public var kind: Kind
    public var pattern: String?
    /// `-i`: a pause after each 100 keys, as redis-cli's in these modes.
    public var interval: Duration?
    /// `--memkeys-samples`: MEMORY USAGE's SAMPLES (0: every element); nil: every element.
    public var memorySamples: Int?

    public init(kind: Kind, pattern: String?, interval: Duration?, memorySamples: Int?) {
        self.kind = kind
        self.pattern = pattern
        self.interval = interval
        self.memorySamples = memorySamples
    }

    /// The walk as analyze would make it, reading what this mode prints.
    var lab: AnalyzeLab {
        // With -i, pages of 100 keys and the pause after each: redis-cli's rate.
        let page = interval == nil ? 1000 : 100
        let pause = interval.map { Int(max(1, ($0.seconds * 1000).rounded())) } ?? 0
        var lab = AnalyzeLab(
            sample: nil, match: pattern, top: 1, scanCount: page, pipelineKeys: min(page, 500), connections: 1, throttleMs: pause,
            patterns: 1, csv: false, method: .script,
            // --bigkeys prints no bytes: one element sampled keeps MEMORY USAGE of a huge
            // aggregate from walking it.
            memorySamples: kind == .memKeys ? (memorySamples == 0 ? nil : memorySamples) : kind == .bigKeys ? 1 : nil)
        lab.extras = kind == .bigKeys ? .elements : kind == .hotKeys ? .frequency : []
        return lab
    }

    public func run(options: ConnectionOptions, output: OutputSink, errors: OutputSink) async -> Int32 {
        var named = options
        named.clientName = nil
        let options = named
        let first: RedisConnection
        do {
            first = try await RedisConnection.connect(options)
        } catch {
            errors.line("Error: \(error)")
            return 1
        }
        defer { Task { await first.close() } }
        let progress = isatty(2) == 1 ? ProgressBar(sink: errors, style: TextStyle.detect(descriptor: 2, environment: [:])) : nil
        do {
            var context = LabContext(
                redis: first, connect: { try await RedisConnection.connect(options) }, clock: SystemClock(), seed: 0,
                keys: KeySpace(workbenchPrefix: "rwb", lab: "analyze"), commands: CommandLog(), progress: progress ?? NoProgress(),
                scratchDirectory: "")
            context.nodes = try await Self.masters(options)
            if kind == .hotKeys, let refusal = try await Self.hotKeysRefusal(context) {
                errors.line(refusal)
                return 1
            }
            output.write(header)
            let survey = try await lab.survey(context)
            progress?.clear()
            output.write(Self.render(survey, kind: kind))
            return 0
        } catch is CancellationError {
            progress?.clear()
            return 130
        } catch {
            progress?.clear()
            errors.line("Error: \(error)")
            return 1
        }
    }

    /// On a cluster (`-c`), each master; on one server, none (the walk uses `connect`).
    private static func masters(_ options: ConnectionOptions) async throws -> [LabNode] {
        guard options.cluster == .on else { return [] }
        let client = RedisClient(options, group: RedisConnection.singleThreadedGroup())
        defer { Task { await client.close() } }
        guard let topology = try await client.clusterTopology() else { return [] }
        return topology.masters.map { master in
            LabNode(name: master.name) {
                var node = options
                node.address = master.address
                return try await RedisConnection.connect(node)
            }
        }
    }

    /// OBJECT FREQ answers only under an LFU policy: said before the walk, with the fix.
    static func hotKeysRefusal(_ context: LabContext) async throws -> String? {
        let connection = try await context.nodes.first?.connect() ?? context.redis
        let policy = try await ServerInfo.fetch(["memory"], from: connection)["maxmemory_policy"] ?? "?"
        if context.nodes.first != nil { await connection.close() }
        guard !policy.hasSuffix("-lfu") else { return nil }
        return "Error: --hotkeys reads each key's LFU counter (OBJECT FREQ), kept only under an LFU maxmemory policy; "
            + "this server's is \(policy). CONFIG SET maxmemory-policy allkeys-lfu (or volatile-lfu) starts the counting: "
            + "keys read after that become hot."
    }

    var header: String {
        "\n# Scanning the entire keyspace to find \(kind == .hotKeys ? "hot" : "biggest") keys as well as\n"
            + "# average sizes per key type.  You can use -i 0.1 to sleep 0.1 sec\n"
            + "# per 100 SCAN commands (not usually needed).\n\n"
    }

    /// The six types in the order redis-cli's summary lists them (its table's order once
    /// a scan has looked types up), then any other (a module's) by name.
    static let typeOrder = ["list", "hash", "string", "stream", "set", "zset"]
    static let elementUnits = [
        "string": "bytes", "list": "items", "set": "members", "hash": "fields", "zset": "members", "stream": "entries",
    ]

    /// Everything after the header: the records in the order seen (with redis-cli's line
    /// every million keys), then the summary.
    static func render(_ survey: KeySurvey, kind: Kind) -> String {
        let tally = survey.tally
        func percent(_ keysBefore: Int) -> String {
            padded(fixed2(survey.dbsize == 0 ? 0 : 100 * Double(keysBefore) / Double(survey.dbsize)))
        }
        var lines: [(keysBefore: Int, text: String)] = []
        var text = ""
        if kind == .hotKeys {
            for entry in tally.hottest?.records ?? [] {
                lines.append(
                    (
                        entry.keysBefore,
                        "[\(percent(entry.keysBefore))%] Hot key '\(repr(entry.name))' found so far with counter \(entry.counter)"
                    ))
            }
        } else {
            let records = (kind == .bigKeys ? tally.byElements : tally.byBytes) ?? SizeRecords()
            for record in records.records {
                let name = record.type + String(repeating: " ", count: max(0, 6 - record.type.count))
                lines.append(
                    (
                        record.keysBefore,
                        "[\(percent(record.keysBefore))%] Biggest \(name) found so far '\(repr(record.name))' with \(record.size) \(unit(record.type, kind))"
                    ))
            }
        }
        // redis-cli's line after each millionth key, among the records.
        for million in stride(from: 1_000_000, through: tally.keys, by: 1_000_000) {
            lines.append((million - 1, "[\(percent(million - 1))%] Sampled \(million) keys so far"))
        }
        for line in lines.enumerated().sorted(by: { ($0.element.keysBefore, $0.offset) < ($1.element.keysBefore, $1.offset) }) {
            text += line.element.text + "\n"
        }
        text += "\n-------- summary -------\n\nSampled \(tally.keys) keys in the keyspace!\n"
        if kind == .hotKeys {
            for entry in tally.hottest?.entries ?? [] {
                text += "hot key found with counter: \(entry.counter)\tkeyname: \(repr(entry.name))\n"
            }
            return text
        }
        let average = tally.keys == 0 ? 0 : Double(tally.nameBytes) / Double(tally.keys)
        text += "Total key length in bytes is \(tally.nameBytes) (avg len \(fixed2(average)))\n\n"
        let records = (kind == .bigKeys ? tally.byElements : tally.byBytes) ?? SizeRecords()
        let types = typeOrder + records.types.keys.filter { !typeOrder.contains($0) }.sorted()
        for type in types {
            guard let row = records.types[type], row.biggestSize > 0 else { continue }
            text +=
                "Biggest \(String(repeating: " ", count: max(0, 6 - type.count)))\(type) found '\(repr(row.biggest))' has \(row.biggestSize) \(unit(type, kind))\n"
        }
        text += "\n"
        for type in types {
            let row = records.types[type] ?? SizeRecords.PerType()
            let share = tally.keys == 0 ? 0 : 100 * Double(row.keys) / Double(tally.keys)
            let size = row.keys == 0 ? 0 : Double(row.total) / Double(row.keys)
            text +=
                "\(row.keys) \(type)s with \(row.total) \(unit(type, kind)) (\(padded(fixed2(share)))% of keys, avg size \(fixed2(size)))\n"
        }
        return text
    }

    static func unit(_ type: String, _ kind: Kind) -> String {
        kind == .memKeys ? "bytes" : elementUnits[type] ?? "?"
    }

    /// A key as redis-cli quotes it (`sdscatrepr`).
    static func repr(_ name: [UInt8]) -> String {
        var out: [UInt8] = []
        Repr.append(name, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// printf's `%.2f` (the figures here are never negative).
    static func fixed2(_ value: Double) -> String { BenchResult.fixed(value, 2) }

    /// printf's `%05.2f` from `%.2f`'s text: zeros in front up to five characters.
    static func padded(_ text: String) -> String {
        String(repeating: "0", count: max(0, 5 - text.count)) + text
    }
}
