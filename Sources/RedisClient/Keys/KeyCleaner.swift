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
        let pattern = GlobPattern.prefix(prefix)
        var cursor = "0"
        repeat {
            let scan = RedisCommand(bytes: [
                Array("SCAN".utf8), Array(cursor.utf8), Array("MATCH".utf8), pattern, Array("COUNT".utf8), Array(String(count).utf8),
            ])
            let reply = try await sender.call(scan)
            guard let page = ScanPage(reply) else { throw RedisServerError("unexpected SCAN reply: \(reply)") }
            cursor = page.cursor
            if !page.keys.isEmpty { try await body(page.keys) }
        } while cursor != "0"
    }
}
