import RESP
import RedisClient

/// The keys under a lesson's prefix, on one server or every master of a cluster: cleared
/// by `.reset` and at the end, and saved and put back around each wrong answer the
/// lesson's own test feeds (DUMP and RESTORE, with their TTLs), so one wrong answer leaves
/// nothing behind for the next.
enum LessonKeys {
    struct Snapshot: Sendable {
        typealias Entry = (key: [UInt8], ttl: Int64, payload: [UInt8])
        var entries: [Entry]
    }

    static func all(under prefix: String, client: RedisClient) async throws -> [[UInt8]] {
        var keys: [[UInt8]] = []
        if let topology = try await client.clusterTopology() {
            for master in topology.masters {
                try await KeyCleaner.forEachPage(under: Array(prefix.utf8), using: NodeSender(client: client, node: master.address)) {
                    keys += $0
                }
            }
        } else {
            try await KeyCleaner.forEachPage(under: Array(prefix.utf8), using: client) { keys += $0 }
        }
        return keys
    }

    @discardableResult
    static func clear(under prefix: String, client: RedisClient) async throws -> Int {
        try await KeyCleaner.unlinkAll(under: Array(prefix.utf8), everywhere: client)
    }

    static func snapshot(under prefix: String, client: RedisClient) async throws -> Snapshot {
        var entries: [Snapshot.Entry] = []
        for key in try await all(under: prefix, client: client) {
            let payload = try await client.send(RedisCommand(bytes: [Array("DUMP".utf8), key]))
            let ttl = try await client.send(RedisCommand(bytes: [Array("PTTL".utf8), key])).int ?? -1
            guard case .bulkString(let bytes) = payload else { continue }  // gone meanwhile
            entries.append((key, ttl, Array(bytes)))
        }
        return Snapshot(entries: entries)
    }

    static func restore(_ snapshot: Snapshot, under prefix: String, client: RedisClient) async throws {
        try await clear(under: prefix, client: client)
        for entry in snapshot.entries {
            let ttl = Array(String(max(0, entry.ttl)).utf8)
            let reply = try await client.send(
                RedisCommand(bytes: [Array("RESTORE".utf8), entry.key, ttl, entry.payload, Array("REPLACE".utf8)]))
            if let message = reply.errorMessage { throw LessonProblem("RESTORE \(String(decoding: entry.key, as: UTF8.self)): \(message)") }
        }
    }
}
