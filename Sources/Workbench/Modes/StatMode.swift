import Labs
import RedisClient

/// `rwb --stat [-i SECONDS]`: redis-cli's rolling line a second (keys, memory, clients,
/// blocked, requests with the change since the line before, connections, a child at work),
/// the header again every 20 lines, from the same INFO readings as `rwb top` (summed over
/// every master with `-c`). Until Ctrl-C; a lost server is retried, said on stderr.
public struct StatMode: Sendable {
    public var interval: Duration

    public init(interval: Duration?) {
        self.interval = interval ?? .seconds(1)
    }

    /// redis-cli's two header lines (the second ends in spaces, as redis-cli prints it).
    static let header =
        "------- data ------ --------------------- load -------------------- - child -\n"
        + "keys       mem      clients blocked requests            connections          "

    public func run(options: ConnectionOptions, output: OutputSink, errors: OutputSink) async -> Int32 {
        var options = options
        options.clientName = "rwb-stat"
        let client = RedisClient(options)
        defer { Task { await client.close() } }
        var printed = 0
        var requests: Int64?
        while !Task.isCancelled {
            do {
                let info = try await reading(client, cluster: options.cluster == .on)
                if printed % 20 == 0 { output.line(Self.header) }
                output.line(Self.line(info, previousRequests: requests))
                requests = info.int("total_commands_processed")
                printed += 1
            } catch is CancellationError {
                break
            } catch {
                errors.line("rwb --stat: reconnecting… (\(error))")
            }
            do { try await Task.sleep(for: interval) } catch { break }
        }
        return 0
    }

    private func reading(_ client: RedisClient, cluster: Bool) async throws -> ServerInfo {
        guard cluster, let topology = try await client.clusterTopology() else { return try await ServerInfo.fetch([], from: client) }
        var nodes: [ServerInfo] = []
        for master in topology.masters {
            nodes.append(try await ServerInfo.fetch([], from: NodeSender(client: client, node: master.address)))
        }
        return ServerInfo.summed(nodes)
    }

    /// One line in redis-cli's columns.
    static func line(_ info: ServerInfo, previousRequests: Int64?) -> String {
        let keys = info.fields.filter { $0.key.hasPrefix("db") && Int($0.key.dropFirst(2)) != nil }
            .compactMap { ServerInfo.subfields($0.value)["keys"].flatMap { Int64($0) } }.reduce(0, +)
        let requests = info.int("total_commands_processed") ?? 0
        var line = padded(String(keys), 11) + padded(humanBytes(info.int("used_memory") ?? 0), 8)
        line += " " + padded(String(info.int("connected_clients") ?? 0), 8) + padded(String(info.int("blocked_clients") ?? 0), 8)
        line += padded("\(requests) (+\(previousRequests.map { requests - $0 } ?? 0))", 19)
        line += " " + padded(String(info.int("total_connections_received") ?? 0), 12)
        let child =
            (info.int("rdb_bgsave_in_progress") ?? 0) | (info.int("aof_rewrite_in_progress") ?? 0) << 1 | (info.int("loading") ?? 0) << 2
        line += [1: "SAVE", 2: "AOF", 3: "SAVE+AOF", 4: "LOAD"][child] ?? ""
        return line
    }

    /// redis-cli's bytesToHuman: bytes under 1 KiB as `512B`, then `1.50K`, `2.25M`, … with
    /// two decimals.
    static func humanBytes(_ bytes: Int64) -> String {
        let sign = bytes < 0 ? "-" : ""
        let value = bytes.magnitude
        guard value >= 1024 else { return "\(sign)\(value)B" }
        var unit = 1024.0
        for suffix in ["K", "M", "G", "T", "P"] {
            if Double(value) < unit * 1024 || suffix == "P" {
                let hundredths = Int64((Double(value) / unit * 100).rounded())
                let fraction = hundredths % 100
                return "\(sign)\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)\(suffix)"
            }
            unit *= 1024
        }
        return "\(sign)\(value)B"
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
