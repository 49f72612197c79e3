import RESP
import RedisClient

/// INFO's text as fields: `info["keyspace_hits"]`, and the sections it came from.
public struct ServerInfo: Sendable {
    public internal(set) var fields: [String: String] = [:]

    public init(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
    }

    /// INFO SECTION… from the server (all sections with `everything`).
    public static func fetch(_ sections: [String], from sender: some RedisCommandSender) async throws -> ServerInfo {
        let reply = try await sender.call(RedisCommand(["INFO"] + sections))
        guard let text = reply.string else { throw RedisServerError("INFO answered \(reply)") }
        return ServerInfo(text)
    }

    public subscript(name: String) -> String? { fields[name] }

    public func int(_ name: String) -> Int64? { fields[name].flatMap { Int64($0) } }

    /// A field whose value is itself `name=value,…` (`db0:keys=3,expires=0`,
    /// `slave0:ip=…,port=…`), as a dictionary.
    public static func subfields(_ value: String) -> [String: String] {
        var fields: [String: String] = [:]
        for part in value.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        return fields
    }

    /// `cmdstat_get:calls=5,usec=…`: the calls of each command, lower-case names.
    public var commandCalls: [String: Int64] {
        var calls: [String: Int64] = [:]
        for (name, value) in fields where name.hasPrefix("cmdstat_") {
            for part in value.split(separator: ",") where part.hasPrefix("calls=") {
                calls[String(name.dropFirst("cmdstat_".count))] = Int64(part.dropFirst("calls=".count))
            }
        }
        return calls
    }
}

/// Keyspace hits and misses as the server counts them, for the server's own hit ratio over
/// a phase (`keyspace_hits`/`keyspace_misses` delta).
public struct KeyspaceCounters: Sendable {
    public var hits: Int64
    public var misses: Int64
    public var expired: Int64
    public var evicted: Int64

    public static func read(from sender: some RedisCommandSender) async throws -> KeyspaceCounters {
        KeyspaceCounters(try await ServerInfo.fetch(["stats"], from: sender))
    }

    public static func - (after: KeyspaceCounters, before: KeyspaceCounters) -> KeyspaceCounters {
        KeyspaceCounters(
            hits: after.hits - before.hits, misses: after.misses - before.misses,
            expired: after.expired - before.expired, evicted: after.evicted - before.evicted)
    }

    /// hits / (hits + misses), or nil when there were none.
    public var hitRatio: Double? {
        hits + misses == 0 ? nil : Double(hits) / Double(hits + misses)
    }
}

extension KeyspaceCounters {
    /// The counters of INFO stats (an extension, so the memberwise initializer stays).
    init(_ info: ServerInfo) {
        self.init(
            hits: info.int("keyspace_hits") ?? 0, misses: info.int("keyspace_misses") ?? 0,
            expired: info.int("expired_keys") ?? 0, evicted: info.int("evicted_keys") ?? 0)
    }
}
