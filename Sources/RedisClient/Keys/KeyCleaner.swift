import RESP

/// Finds and removes the keys under a prefix, and nothing else: SCAN MATCH over the
/// byte-escaped prefix (never KEYS), then UNLINK of each page (non-blocking on the server).
public enum KeyCleaner {
    /// Removes every key under `prefix`; returns how many were removed.
    @discardableResult
    public static func unlinkAll(under prefix: [UInt8], using sender: some RedisCommandSender) async throws -> Int {
        var removed = 0
        try await forEachPage(under: prefix, using: sender) { keys in
            removed += Int(try await sender.call(RedisCommand(bytes: [Array("UNLINK".utf8)] + keys)).int ?? 0)
        }
        return removed
    }

    /// How many keys are under `prefix`.
    public static func count(under prefix: [UInt8], using sender: some RedisCommandSender) async throws -> Int {
        var found = 0
        try await forEachPage(under: prefix, using: sender) { found += $0.count }
        return found
    }

    /// Calls `body` with each non-empty page of keys SCAN finds under `prefix`.
    public static func forEachPage(
        under prefix: [UInt8], using sender: some RedisCommandSender, count: Int = 1000, _ body: ([[UInt8]]) async throws -> Void
    ) async throws {
        try await forEachPage(matching: GlobPattern.prefix(prefix), count: count, send: { try await sender.call($0) }) { keys in
            if !keys.isEmpty { try await body(keys) }
        }
    }

    /// The SCAN walk itself: `body` gets every page, empty ones too (`rwb --scan -i` waits
    /// after each call, as redis-cli does), until the cursor comes back to 0. `send` is any
    /// way to one node: the client, a node of a cluster, a blocking socket. An error reply
    /// is thrown as `RedisServerError`.
    public static func forEachPage(
        matching pattern: [UInt8]?, count: Int, send: (RedisCommand) async throws -> RESPValue,
        _ body: ([[UInt8]]) async throws -> Void
    ) async throws {
        var cursor = "0"
        repeat {
            var words: [[UInt8]] = [Array("SCAN".utf8), Array(cursor.utf8)]
            if let pattern { words += [Array("MATCH".utf8), pattern] }
            words += [Array("COUNT".utf8), Array(String(count).utf8)]
            let reply = try await send(RedisCommand(bytes: words))
            if let message = reply.errorMessage { throw RedisServerError(message) }
            guard let page = ScanPage(reply) else { throw RedisServerError("unexpected SCAN reply: \(reply)") }
            cursor = page.cursor
            try await body(page.keys)
        } while cursor != "0"
    }
}
