import ArgumentParser
import Labs
import RESP
import RedisClient

/// `rwb top` and `.top` options.
public struct TopOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Time between readings (1s, 500ms).")
    var interval = DurationArgument(seconds: 1)

    @Option(parsing: .unconditional, help: "Print N readings, one line each, and stop (also when output is not a terminal).")
    var samples: Int?

    @Flag(help: "Each reading as one JSON object per line.")
    var json = false

    @Option(
        name: .customLong("retry-for"), parsing: .unconditional,
        help: "With --samples: how long to keep trying without a reading (a server down, a failover) before stopping with exit status 1.")
    var retryFor = DurationArgument(seconds: 10)

    public init() {}

    /// The options as plain values.
    public var settings: TopSettings {
        TopSettings(interval: interval, samples: samples, json: json, retryFor: retryFor)
    }

    public func validate() throws {
        try OptionBounds.check("--interval", interval, 0.05...3600)
        try OptionBounds.check("--samples", samples, 1...1_000_000)
        try OptionBounds.check("--retry-for", retryFor, 0...3600)
    }
}

public struct TopSettings: Sendable {
    var interval: DurationArgument
    var samples: Int?
    var json: Bool
    var retryFor: DurationArgument
}

/// A live dashboard of one server: ops/s, hit ratio, memory against maxmemory, evictions,
/// expirations, clients, keys, network, the slowest commands since start, each rate with a
/// sparkline of the last minute. Full screen on a terminal (q or Ctrl-C leaves); one line
/// (or JSON object) a reading otherwise. A lost connection shows "reconnecting…" and the
/// readings resume when the server answers again; on a cluster the masters are read again
/// (a failover moves them). With `--samples` it gives up after `--retry-for` without a reading.
public enum Top {
    static let summary =
        "a live dashboard of the server: ops/s, hit ratio, memory, evictions, clients, keys, slow commands (q or Ctrl-C leaves)"

    public static func run(_ options: TopSettings, in session: Session) async -> LineResult {
        guard let client = await session.client else {
            return LineResult(failure: .connection("not connected: use .connect URL or .server start"))
        }
        var connection = await client.options
        connection.clientName = "rwb-top"
        connection.commandTimeout = .seconds(max(2, Int64(options.interval.seconds * 2)))
        let redis = RedisClient(connection, clock: session.clock)
        defer { Task { await redis.close() } }
        let interval = Duration.microseconds(Int64(options.interval.seconds * 1_000_000))
        let retryFor = Duration.microseconds(Int64(options.retryFor.seconds * 1_000_000))
        let terminal = options.samples == nil && !options.json ? Terminal() : nil
        terminal?.enter()
        defer { terminal?.restore() }
        let clock = session.clock
        let start = clock.now
        // On a cluster: every master's INFO, summed for the totals, and a row per master.
        var masters = (try? await redis.clusterTopology())?.masters
        var previous: (info: ServerInfo, nodes: [ServerInfo], at: Duration)?
        var history: [TopSample] = []
        // The slowlog IDs each node had at start (on one server, the key ""): older entries
        // are not ours to show.
        var slowBaselines: [String: Int64] = [:]
        var slowest: [SlowEntry] = []
        var printed = 0
        // Commands top sent each node (key "" on one server) since, and including, its last
        // INFO: what that node's next total_commands_processed counts of ours.
        var sent: [String: Int64] = [:]
        var ownSinceInfo: [String: Int64] = [:]
        // When the readings began to fail (nil while they succeed).
        var failingSince: Duration?
        let header = await header(redis, connection: connection, interval: options.interval, masters: masters?.count)
        while !Task.isCancelled {
            do {
                var nodes: [ServerInfo] = []
                ownSinceInfo = [:]
                for master in masters ?? [] {
                    ownSinceInfo[master.name] = sent[master.name] ?? 0
                    sent[master.name] = 1
                    nodes.append(try await ServerInfo.fetch([], from: NodeSender(client: redis, node: master.address)))
                }
                if masters == nil {
                    ownSinceInfo[""] = sent[""] ?? 0
                    sent[""] = 1
                }
                let info = masters == nil ? try await ServerInfo.fetch([], from: redis) : ServerInfo.summed(nodes)
                // The time of the counters, not of the slowlog read after them.
                let now = clock.now
                let slowlog = try await slowlogs(redis, masters: masters)
                for (node, entries) in slowlog {
                    sent[node, default: 0] += 1
                    let baseline = slowBaselines[node] ?? entries.map(\.id).max() ?? -1
                    slowBaselines[node] = baseline
                    for entry in entries where entry.id > baseline && !slowest.contains(entry) { slowest.append(entry) }
                }
                slowest = Array(slowest.sorted { $0.microseconds > $1.microseconds }.prefix(5))
                failingSince = nil
                if let previous {
                    let seconds = (now - previous.at).seconds
                    let at = ((now - start).seconds * 10).rounded() / 10
                    let own = ownSinceInfo.values.reduce(0, +)
                    var sample = TopSample.from(info, previous: previous.info, seconds: seconds, at: at, ownCommands: own)
                    sample.slowest = slowest
                    if let masters, nodes.count == previous.nodes.count {
                        sample.nodes = zip(masters, zip(nodes, previous.nodes)).map { master, infos in
                            NodeReading(
                                node: master.name,
                                sample: TopSample.from(
                                    infos.0, previous: infos.1, seconds: seconds, at: at, ownCommands: ownSinceInfo[master.name] ?? 0))
                        }
                    }
                    sample.warn(history: history)
                    history = Array((history + [sample]).suffix(60))
                    if let terminal {
                        terminal.draw(TopScreen.lines(header: header, history: history, width: terminal.size.columns))
                    } else {
                        session.output.line(options.json ? ((try? ReportEncoder.encode(sample).json()) ?? "{}") : TopScreen.line(sample))
                        printed += 1
                        if let samples = options.samples, printed >= samples { break }
                    }
                }
                previous = (info, nodes, now)
            } catch is CancellationError {
                break
            } catch {
                // The next reading reconnects; meanwhile say so.
                previous = nil
                let shown = KeyPattern.printable(Array("\(error)".utf8))
                let since = failingSince ?? clock.now
                failingSince = since
                // A count of readings was asked for: a server that stays down ends the run.
                if let samples = options.samples, clock.now - since >= retryFor {
                    return LineResult(
                        failure: .connection(
                            "rwb top: no reading for \(options.retryFor) (--retry-for): \(shown); stopped after \(printed) of \(samples) readings"
                        ))
                }
                // On a cluster a failover promotes a replica: ask for the masters again.
                if masters != nil, let topology = try? await redis.clusterTopology() { masters = topology.masters }
                if let terminal {
                    terminal.draw([header, "", "reconnecting… (\(shown))"])
                } else {
                    session.errors.line("rwb top: reconnecting… (\(shown))")
                }
            }
            if let terminal {
                if let key = await terminal.key(within: interval), key == UInt8(ascii: "q") || key == UInt8(ascii: "Q") { break }
            } else {
                do { try await clock.sleep(for: interval) } catch { break }
            }
        }
        return LineResult()
    }

    /// SLOWLOG GET of the server, or of every master of a cluster (its entries then name
    /// their node), keyed by node name ("" for one server).
    private static func slowlogs(_ redis: RedisClient, masters: [ClusterTopology.Node]?) async throws -> [(String, [SlowEntry])] {
        guard let masters else { return [("", SlowEntry.parse(try await redis.call("SLOWLOG", "GET", "32")))] }
        var logs: [(String, [SlowEntry])] = []
        for master in masters {
            let reply = try await NodeSender(client: redis, node: master.address).call("SLOWLOG", "GET", "32")
            logs.append(
                (
                    master.name,
                    SlowEntry.parse(reply).map { entry in
                        var named = entry
                        named.node = TopScreen.shown(master.name)
                        return named
                    }
                ))
        }
        return logs
    }

    private static func header(_ redis: RedisClient, connection: ConnectionOptions, interval: DurationArgument, masters: Int?) async
        -> String
    {
        let version = TopScreen.shown((try? await ServerInfo.fetch(["server"], from: redis))?["redis_version"] ?? "?")
        let server =
            masters.map { "cluster of \($0) masters via \(connection.addressDescription) (totals, then each master)" }
            ?? connection.addressDescription
        return "rwb top — \(server), Redis \(version), every \(interval) — q quits"
    }
}

/// How a reading looks: one line, or the full screen with sparklines.
enum TopScreen {
    /// Text the server chose (its version, a node's name), as analyze shows key names: a
    /// control character is drawn as `\xHH`, never sent to the terminal. (A reading's own
    /// text, slowlog arguments and policy included, is escaped as it is read: `TopSample`.)
    static func shown(_ text: String) -> String { KeyPattern.printable(Array(text.utf8)) }

    static func line(_ sample: TopSample) -> String {
        var parts = [
            "t=\(Format.number(sample.t))s", "ops/s=\(Format.grouped(Int(sample.opsPerSec)))",
            "hit=\(sample.hitRatio.map(Format.ratio) ?? "-")",
            "mem=\(Format.bytes(sample.usedMemory))/\(sample.maxmemory == 0 ? "none" : Format.bytes(sample.maxmemory))",
            "rss=\(Format.bytes(sample.usedMemoryRss))", "frag=\(Format.number(sample.fragmentationRatio))",
            "evicted/s=\(Format.number(sample.evictedPerSec))", "expired/s=\(Format.number(sample.expiredPerSec))",
            "clients=\(sample.connectedClients)", "blocked=\(sample.blockedClients)",
            "keys=\(sample.keys.map { "\($0.database):\($0.keys)" }.joined(separator: ","))",
            "in=\(Format.bytes(Int64(sample.netInPerSec)))/s", "out=\(Format.bytes(Int64(sample.netOutPerSec)))/s",
        ]
        parts += sample.warnings.map { "warning=\"\($0)\"" }
        var text = parts.joined(separator: " ")
        for node in sample.nodes ?? [] { text += "\n  " + nodeLine(node) }
        return text
    }

    /// One master of a cluster, under the totals.
    static func nodeLine(_ node: NodeReading) -> String {
        [
            "node=\(node.node)", "ops/s=\(Format.grouped(Int(node.opsPerSec)))", "hit=\(node.hitRatio.map(Format.ratio) ?? "-")",
            "mem=\(Format.bytes(node.usedMemory))", "keys=\(node.keys)", "clients=\(node.connectedClients)",
        ].joined(separator: " ")
    }

    static func lines(header: String, history: [TopSample], width: Int) -> [String] {
        guard let sample = history.last else { return [header] }
        let style = TextStyle(width: width, unicode: true)
        func row(_ label: String, _ value: String, _ series: [Double]) -> String {
            let head = label.padding(12) + value.leftPadding(16) + "  "
            let room = max(0, width - head.count)
            let values = series.suffix(room).map { Int(($0 * 100).rounded()) }
            return head + Sparkline.render(values, style: TextStyle(width: room, unicode: true), reserve: 0)
        }
        var lines = [header, ""]
        lines.append(row("ops/s", Format.grouped(Int(sample.opsPerSec)), history.map(\.opsPerSec)))
        lines.append(row("hit ratio", sample.hitRatio.map(Format.percent) ?? "–", history.map { $0.hitRatio ?? 0 }))
        let barRoom = max(10, min(40, width - 50))
        if sample.maxmemory > 0 {
            let share = min(1, Double(sample.usedMemory) / Double(sample.maxmemory))
            let filled = BarChart.bar(share * Double(barRoom), unicode: style.unicode)
            let pad = String(repeating: "░", count: max(0, barRoom - Int((share * Double(barRoom)).rounded(.up))))
            lines.append(
                "memory      \(Format.bytes(sample.usedMemory)) of \(Format.bytes(sample.maxmemory)) [\(filled)\(pad)] \(Format.percent(share))"
            )
        } else {
            lines.append("memory      \(Format.bytes(sample.usedMemory)), no maxmemory")
        }
        lines.append(
            "            rss \(Format.bytes(sample.usedMemoryRss)), fragmentation \(Format.number(sample.fragmentationRatio)), policy \(sample.maxmemoryPolicy)"
        )
        lines.append(row("evicted/s", Format.number(sample.evictedPerSec), history.map(\.evictedPerSec)))
        lines.append(row("expired/s", Format.number(sample.expiredPerSec), history.map(\.expiredPerSec)))
        lines.append("clients     \(sample.connectedClients) connected, \(sample.blockedClients) blocked")
        let keys = sample.keys.map { "\($0.database) \(Format.grouped($0.keys)) (\(Format.grouped($0.expires)) with TTL)" }
        lines.append("keys        " + (keys.isEmpty ? "none" : keys.joined(separator: ", ")))
        if let nodes = sample.nodes {
            var table = TextTable(["master", "ops/s", "hit ratio", "memory", "keys", "clients"])
            for node in nodes {
                table.add([
                    node.node, Format.grouped(Int(node.opsPerSec)), node.hitRatio.map(Format.percent) ?? "–", Format.bytes(node.usedMemory),
                    Format.grouped(node.keys), String(node.connectedClients),
                ])
            }
            lines.append("")
            lines += table.render(style: style).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            lines.append("")
        }
        lines.append(row("net in/s", Format.bytes(Int64(sample.netInPerSec)), history.map(\.netInPerSec)))
        lines.append(row("net out/s", Format.bytes(Int64(sample.netOutPerSec)), history.map(\.netOutPerSec)))
        if !sample.slowest.isEmpty {
            lines.append("")
            lines.append("slowest since start")
            for entry in sample.slowest {
                lines.append(
                    "  " + "\(Format.number(Double(entry.microseconds) / 1000)) ms".leftPadding(12) + "  "
                        + (entry.node.map { "[\($0)] " } ?? "") + entry.command)
            }
        }
        if !sample.warnings.isEmpty {
            lines.append("")
            for warning in sample.warnings { lines.append("! " + warning) }
        }
        return lines
    }
}

extension String {
    /// The string with spaces after it up to `width`.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// The string with spaces before it up to `width`.
    func leftPadding(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
