import RESP
import RedisClient

/// Where the memory goes: INFO memory and MEMORY STATS interpreted, MEMORY DOCTOR's advice,
/// and the key space walked with SCAN (never KEYS), each key's TYPE, MEMORY USAGE, PTTL and
/// OBJECT ENCODING pipelined in bounded batches. Read-only: it writes nothing.
public struct AnalyzeLab: Lab {
    public static let name = "analyze"
    public static let summary = "where the memory goes: by type, by key pattern, the largest keys, keys without a TTL"
    public static let needs = LabNeeds(writesKeys: false, readsEachNode: true, kind: .tool)

    /// Stop after this many keys and scale the totals to DBSIZE.
    public var sample: Int?
    /// SCAN MATCH pattern.
    public var match: String?
    public var top: Int
    /// SCAN COUNT.
    public var scanCount: Int
    /// Keys inspected in one round trip (4 commands each).
    public var pipelineKeys: Int
    public var connections: Int
    /// Pause between batches, for a busy server.
    public var throttleMs: Int
    /// Patterns listed (the rest are summed as "(other)").
    public var patterns: Int
    /// Print the pattern table as CSV instead of the text report.
    public var csv: Bool
    public var method: InspectionMethod
    /// MEMORY USAGE's SAMPLES: nil asks for SAMPLES 0, every element of an aggregate counted.
    /// The server's default (5) averages a few elements and multiplies: a set of 990 short
    /// members and 10 of 10 kB reads as 40 kB where it holds 143 kB.
    public var memorySamples: Int?
    /// What each key's inspection reads beyond the four facts (redis-cli's key modes).
    public var extras: KeyExtras = []

    /// How each batch of keys is inspected.
    public enum InspectionMethod: String, Codable, Sendable, CaseIterable {
        /// TYPE, MEMORY USAGE, PTTL and OBJECT ENCODING pipelined: four commands a key.
        case pipeline
        /// SCAN and the same four calls inside one read-only script a page (EVALSHA_RO, Redis
        /// 7): no key name travels twice and the server parses one command a page, not four a
        /// key. Each call holds the server for a page (`--pipeline` keys); pages follow one
        /// another (a SCAN cursor is a chain), so `--connections` does not apply.
        case script
    }

    /// One SCAN page and each of its keys' four facts, from inside the server: no key name
    /// makes a round trip. OBJECT ENCODING names the type of most keys (embstr is a string,
    /// quicklist a list…); TYPE is asked only where an encoding is shared (listpack,
    /// hashtable). ARGV: cursor, COUNT, MEMORY USAGE's SAMPLES, the extras ("e": elements,
    /// "f": OBJECT FREQ, both or neither) and MATCH if any. Returns {cursor, key, type,
    /// bytes, pttl, encoding[, elements][, freq], key, …}.
    static let pageSource = """
        local scan = {'SCAN', ARGV[1], 'COUNT', ARGV[2]}
        if ARGV[5] then
          scan[#scan + 1] = 'MATCH'
          scan[#scan + 1] = ARGV[5]
        end
        local elements = string.find(ARGV[4], 'e', 1, true)
        local frequency = string.find(ARGV[4], 'f', 1, true)
        local sizes = {string = 'STRLEN', list = 'LLEN', set = 'SCARD', hash = 'HLEN', zset = 'ZCARD', stream = 'XLEN'}
        local page = redis.call(unpack(scan))
        local types = {int = 'string', embstr = 'string', raw = 'string', quicklist = 'list', intset = 'set',
                       skiplist = 'zset', stream = 'stream'}
        local out = {page[1]}
        for _, key in ipairs(page[2]) do
          local encoding = redis.call('OBJECT', 'ENCODING', key)
          local type = encoding and types[encoding] or redis.call('TYPE', key)['ok']
          out[#out + 1] = key
          out[#out + 1] = type
          out[#out + 1] = redis.call('MEMORY', 'USAGE', key, 'SAMPLES', ARGV[3]) or false
          out[#out + 1] = redis.call('PTTL', key)
          out[#out + 1] = encoding or false
          -- The counter first: a size command reads the key, and a read raises its counter.
          local counter = frequency and redis.call('OBJECT', 'FREQ', key)
          if elements then out[#out + 1] = sizes[type] and redis.call(sizes[type], key) or false end
          if frequency then out[#out + 1] = counter end
        end
        return out
        """

    public init(
        sample: Int?, match: String?, top: Int, scanCount: Int, pipelineKeys: Int, connections: Int, throttleMs: Int, patterns: Int,
        csv: Bool,
        method: InspectionMethod, memorySamples: Int? = nil
    ) {
        self.csv = csv
        self.memorySamples = memorySamples
        self.method = method
        self.sample = sample
        self.match = match
        self.top = top
        self.scanCount = scanCount
        self.pipelineKeys = pipelineKeys
        self.connections = connections
        self.throttleMs = throttleMs
        self.patterns = patterns
    }

    public func run(_ context: LabContext) async throws -> AnalyzeReport {
        if !context.nodes.isEmpty { return try await runOnEveryMaster(context) }
        let redis = context.redis
        let info = try await ServerInfo.fetch(["memory"], from: redis)
        let stats = try await MemoryStats.fetch(from: redis)
        let doctor = try await redis.call("MEMORY", "DOCTOR").string ?? ""
        let dbsize = Int(try await redis.call("DBSIZE").int ?? 0)
        var report = AnalyzeReport(memory: MemorySummary(info: info, stats: stats), doctor: doctor, dbsize: dbsize)
        let workers = try await context.connections(connections)
        defer { Task { for connection in workers { await connection.close() } } }
        let start = context.clock.now
        var tally = KeyspaceTally(top: top, extras: extras)
        do {
            report.noteMethod(try await walk(context, scanner: redis, workers: workers, dbsize: dbsize, tally: &tally))
        } catch {
            report.finish(tally, lab: self, elapsed: context.clock.now - start)
            throw LabStopped(partial: report, reason: error)
        }
        report.finish(tally, lab: self, elapsed: context.clock.now - start)
        return report
    }

    /// The walk alone: every key's facts (and `extras`) tallied, without the memory readings
    /// around them; on a cluster each master's in turn, in that order. redis-cli's key modes
    /// print this in their own layout.
    public func survey(_ context: LabContext) async throws -> KeySurvey {
        var survey = KeySurvey(tally: KeyspaceTally(top: top, extras: extras))
        let nodes =
            context.nodes.isEmpty
            ? [LabNode(name: "", connect: context.connect)] : context.nodes
        for node in nodes {
            var opened: [any LabConnection] = []
            defer { Task { [opened] in for connection in opened { await connection.close() } } }
            for _ in 0..<max(1, connections) { opened.append(try await node.connect()) }
            let size = Int(try await opened[0].call("DBSIZE").int ?? 0)
            survey.dbsize += size
            var nodeTally = KeyspaceTally(top: top, extras: extras)
            survey.method = try await walk(context, scanner: opened[0], workers: opened, dbsize: size, tally: &nodeTally)
            survey.tally.merge(nodeTally)
        }
        return survey
    }

    /// A cluster: each master walked in turn through connections of its own, one tally for
    /// the totals, and a row per master. `--sample` applies to each master; memory figures
    /// are INFO's summed over the masters (MEMORY STATS' per-key figures: the first's).
    private func runOnEveryMaster(_ context: LabContext) async throws -> AnalyzeReport {
        var infos: [ServerInfo] = []
        var stats: MemoryStats?
        var dbsize = 0
        var rows: [AnalyzeNodeRow] = []
        var tally = KeyspaceTally(top: top, extras: extras)
        let start = context.clock.now
        var partial: (any Error)?
        var methods: [InspectionMethod] = []
        for node in context.nodes {
            var opened: [any LabConnection] = []
            defer { Task { [opened] in for connection in opened { await connection.close() } } }
            for _ in 0..<max(1, connections) { opened.append(try await node.connect()) }
            let scanner = opened[0]
            let info = try await ServerInfo.fetch(["memory"], from: scanner)
            infos.append(info)
            if stats == nil { stats = try await MemoryStats.fetch(from: scanner) }
            let size = Int(try await scanner.call("DBSIZE").int ?? 0)
            dbsize += size
            var nodeTally = KeyspaceTally(top: top, extras: extras)
            do {
                methods.append(try await walk(context, scanner: scanner, workers: opened, dbsize: size, tally: &nodeTally))
            } catch {
                partial = error
            }
            rows.append(
                AnalyzeNodeRow(
                    node: node.name, dbsize: size, keysScanned: nodeTally.keys, bytes: nodeTally.bytes,
                    usedMemory: info.int("used_memory") ?? 0))
            tally.merge(nodeTally)
            if partial != nil { break }
        }
        guard let stats else { throw LabError("no master answered") }
        var report = AnalyzeReport(memory: MemorySummary(info: ServerInfo.summed(infos), stats: stats), doctor: "", dbsize: dbsize)
        report.nodes = rows
        // One master refusing scripts is enough for the report to say the fallback happened.
        report.noteMethod(methods.first { $0 != method } ?? method)
        report.finish(tally, lab: self, elapsed: context.clock.now - start)
        if let partial { throw LabStopped(partial: report, reason: partial) }
        return report
    }

    /// SCAN pages (on `scanner`), each inspected on one of the connections, at most one page
    /// per connection in flight. Returns the method used: a user whose ACL refuses scripts
    /// (NOPERM) is inspected with the pipeline method instead, which needs no script.
    private func walk(
        _ context: LabContext, scanner: any LabConnection, workers: [any LabConnection], dbsize: Int, tally: inout KeyspaceTally
    ) async throws -> InspectionMethod {
        if method == .script {
            do {
                try await walkInScript(context, scanner: scanner, dbsize: dbsize, tally: &tally)
                return .script
            } catch let error as RedisServerError where error.message.hasPrefix("NOPERM") && tally.keys == 0 {
                // Refused before any key was counted: start again without scripts.
            }
        }
        try await walkInPipelines(context, scanner: scanner, workers: workers, dbsize: dbsize, tally: &tally)
        return .pipeline
    }

    private func walkInPipelines(
        _ context: LabContext, scanner: any LabConnection, workers: [any LabConnection], dbsize: Int, tally: inout KeyspaceTally
    ) async throws {
        var cursor = "0"
        var scanned = 0
        var pages = 0
        try await withThrowingTaskGroup(of: KeyspaceTally.self) { group in
            var inFlight = 0
            repeat {
                try Task.checkCancellation()
                var scan = ["SCAN", cursor, "COUNT", String(scanCount)]
                if let match { scan += ["MATCH", match] }
                guard let page = ScanPage(try await scanner.call(RedisCommand(scan))) else {
                    throw LabError("SCAN answered an unexpected reply")
                }
                cursor = page.cursor
                var keys = page.keys
                if let sample, scanned + keys.count > sample { keys = Array(keys.prefix(sample - scanned)) }
                scanned += keys.count
                for chunk in stride(from: 0, to: keys.count, by: pipelineKeys).map({ Array(keys[$0..<min($0 + pipelineKeys, keys.count)]) })
                {
                    if inFlight == workers.count, let done = try await group.next() {
                        tally.merge(done)
                        inFlight -= 1
                    }
                    let worker = workers[pages % workers.count]
                    pages += 1
                    let (top, samples, extras) = (self.top, memoryUsageSamples, self.extras)
                    group.addTask { try await Self.inspect(chunk, on: worker, top: top, samples: samples, extras: extras) }
                    inFlight += 1
                    if throttleMs > 0 { try await context.clock.sleep(for: .milliseconds(throttleMs)) }
                }
                context.progress.update(phase: "keys", done: scanned, total: sample.map { min($0, dbsize) } ?? dbsize)
            } while cursor != "0" && scanned < (sample ?? Int.max)
            for try await done in group { tally.merge(done) }
        }
    }

    /// The script method: a page a call, the next page asked for while this one is counted.
    private func walkInScript(_ context: LabContext, scanner: any LabConnection, dbsize: Int, tally: inout KeyspaceTally) async throws {
        let script = LuaScript(Self.pageSource, readOnly: true)
        let sha = try await script.load(on: scanner)
        let count = String(min(scanCount, pipelineKeys))
        let wanted = (extras.contains(.elements) ? "e" : "") + (extras.contains(.frequency) ? "f" : "")
        func page(_ cursor: String) -> PendingReplies {
            scanner.submit([
                script.command(
                    sha: sha, keys: [], arguments: [cursor, count, String(memorySamples ?? 0), wanted] + (match.map { [$0] } ?? []))
            ])
        }
        // A key's row: name, type, bytes, pttl, encoding, then each extra asked for.
        let width = 5 + wanted.count
        var scanned = 0
        var pending: PendingReplies? = page("0")
        while let current = pending {
            try Task.checkCancellation()
            let reply = try await current.replies.first ?? .null
            if let message = reply.errorMessage { throw RedisServerError(message) }
            guard let items = reply.elements, let cursor = items.first?.string, (items.count - 1) % width == 0 else {
                throw LabError("the inspection script answered an unexpected reply")
            }
            var keys = (items.count - 1) / width
            if let sample { keys = min(keys, sample - scanned) }
            scanned += keys
            let more = cursor != "0" && scanned < (sample ?? Int.max)
            if throttleMs > 0, more { try await context.clock.sleep(for: .milliseconds(throttleMs)) }
            // Ask for the next page before counting this one: the server works meanwhile.
            pending = more ? page(cursor) : nil
            for index in 0..<keys {
                let base = 1 + index * width
                guard case .bulkString(let name) = items[base], let type = items[base + 1].string, let bytes = items[base + 2].int else {
                    continue
                }
                var facts = KeyFacts(
                    name: name.array, type: type, bytes: bytes, ttlMs: items[base + 3].int ?? -1, encoding: items[base + 4].string ?? "?")
                var extra = base + 5
                if extras.contains(.elements) {
                    facts.elements = items[extra].int
                    extra += 1
                }
                if extras.contains(.frequency) { facts.frequency = items[extra].int }
                tally.add(facts)
            }
            context.progress.update(phase: "keys", done: scanned, total: sample.map { min($0, dbsize) } ?? dbsize)
        }
    }

    /// MEMORY USAGE's SAMPLES argument.
    private var memoryUsageSamples: [UInt8] { Array(String(memorySamples ?? 0).utf8) }

    /// TYPE, MEMORY USAGE, PTTL and OBJECT ENCODING of each key (and OBJECT FREQ if asked),
    /// in one round trip; the elements extra takes a second, as its command depends on the
    /// type.
    static func inspect(
        _ keys: [[UInt8]], on connection: any LabConnection, top: Int, samples: [UInt8], extras: KeyExtras = []
    ) async throws -> KeyspaceTally {
        let width = extras.contains(.frequency) ? 5 : 4
        var commands: [RedisCommand] = []
        commands.reserveCapacity(keys.count * width)
        for key in keys {
            commands.append(RedisCommand(bytes: [Self.type, key]))
            commands.append(RedisCommand(bytes: [Self.memory, Self.usage, key, Self.samples, samples]))
            commands.append(RedisCommand(bytes: [Self.pttl, key]))
            commands.append(RedisCommand(bytes: [Self.object, Self.encoding, key]))
            if width == 5 { commands.append(RedisCommand(bytes: [Self.object, Self.freq, key])) }
        }
        let replies = try await connection.pipeline(commands)
        var found: [KeyFacts] = []
        for (index, key) in keys.enumerated() {
            let base = index * width
            // A key that expired or was deleted between SCAN and now: TYPE says none.
            guard let type = replies[base].string, type != "none", let bytes = replies[base + 1].int else { continue }
            if width == 5, let message = replies[base + 4].errorMessage { throw RedisServerError(message) }
            found.append(
                KeyFacts(
                    name: key, type: type, bytes: bytes, ttlMs: replies[base + 2].int ?? -1, encoding: replies[base + 3].string ?? "?",
                    frequency: width == 5 ? replies[base + 4].int : nil))
        }
        if extras.contains(.elements) {
            let sized = found.indices.filter { KeyExtras.sizeCommands[found[$0].type] != nil }
            let lengths = try await connection.pipeline(
                sized.map { RedisCommand(bytes: [Array(KeyExtras.sizeCommands[found[$0].type, default: ""].utf8), found[$0].name]) })
            for (index, length) in zip(sized, lengths) { found[index].elements = length.int }
        }
        var tally = KeyspaceTally(top: top, extras: extras)
        for key in found { tally.add(key) }
        return tally
    }

    static let type = Array("TYPE".utf8)
    static let memory = Array("MEMORY".utf8)
    static let usage = Array("USAGE".utf8)
    static let samples = Array("SAMPLES".utf8)
    static let pttl = Array("PTTL".utf8)
    static let object = Array("OBJECT".utf8)
    static let encoding = Array("ENCODING".utf8)
    static let freq = Array("FREQ".utf8)
}
