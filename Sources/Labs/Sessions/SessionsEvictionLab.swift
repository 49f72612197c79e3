import RESP
import RedisClient

/// What a maxmemory policy does to logged-in users: sessions (hashes with a TTL, touched as
/// their users keep working) share one server with cache entries (strings without a TTL)
/// written past maxmemory. Users logged out by eviction, cache writes refused, and what was
/// evicted, counted per policy. It sets maxmemory and the policy, so it runs on a throwaway
/// server or with `--allow-config`, never on a cluster: `rwb lab sessions` itself runs
/// anywhere.
public struct SessionsEvictionLab: Lab {
    public static let name = "sessions eviction"
    public static let summary =
        "sessions beside a cache on a full server: users logged out by each maxmemory policy, counted (--local or --allow-config)"
    public static let needs = LabNeeds(changesConfig: true)

    public var policies: [String]
    public var users: Int
    public var cacheEntries: Int
    public var valueBytes: Int
    /// The sessions' TTL: long, so that nothing expires during the run and every session
    /// lost is eviction's.
    public var sessionTtlSeconds = 3600
    /// Cache writes between two touches of every session.
    public var writesPerTouch = 20

    public init(policies: [String], users: Int, cacheEntries: Int, valueBytes: Int) {
        self.policies = policies
        self.users = users
        self.cacheEntries = cacheEntries
        self.valueBytes = valueBytes
    }

    public func run(_ context: LabContext) async throws -> SessionsEvictionReport {
        let settings = try context.configGuard()
        var report = SessionsEvictionReport(users: users, cacheEntries: cacheEntries, valueBytes: valueBytes)
        // Opened before memory is measured: its buffers count in used_memory.
        let client = try await context.connect()
        do {
            try await context.refuseIfOthersKeysCouldBeEvicted()
            try await settings.set("maxmemory", "0")
            for (index, policy) in policies.enumerated() {
                try Task.checkCancellation()
                context.progress.update(phase: policy, done: index, total: policies.count)
                report.policies.append(try await measure(policy, settings: settings, on: client, context: context))
            }
            try await settings.restore()
        } catch {
            await client.close()
            do {
                try await settings.restore()
            } catch let restoreFailure {
                throw LabStopped(partial: report, reason: LabError("\(error); and \(restoreFailure)"))
            }
            throw LabStopped(partial: report, reason: error)
        }
        await client.close()
        return report
    }

    /// One policy on an empty prefix: the sessions, maxmemory sized for them and half the
    /// cache, then the cache written with every session touched every `writesPerTouch`
    /// writes.
    private func measure(_ policy: String, settings: ConfigGuard, on client: any LabConnection, context: LabContext) async throws
        -> SessionsEvictionResult
    {
        try await context.keys.removeAll(using: context.redis)
        try await settings.set("maxmemory", "0")
        try await settings.set("maxmemory-policy", policy)
        let sessions = (0..<users).map { context.keys.key("session", "u\($0)") }
        let cache = (0..<cacheEntries).map { context.keys.key("cache", String($0)) }
        var generator = context.generator(stream: 0xE71C7)
        for chunk in chunks(users) {
            try check(
                try await client.pipeline(
                    chunk.flatMap { user in
                        [
                            RedisCommand(["HSET", sessions[user]] + SessionFields.make(user: user, generator: &generator)),
                            RedisCommand("EXPIRE", sessions[user], String(sessionTtlSeconds)),
                        ]
                    }))
        }
        // The cache's cost measured by writing it once with no limit, then removed: maxmemory
        // then holds the sessions and half of it.
        let withSessions = try await usedMemory(context)
        let value = String(repeating: "c", count: valueBytes)
        for chunk in chunks(cacheEntries) { try check(try await client.pipeline(chunk.map { RedisCommand("SET", cache[$0], value) })) }
        let full = try await usedMemory(context)
        for chunk in chunks(cacheEntries) { _ = try await client.pipeline(chunk.map { RedisCommand("UNLINK", cache[$0]) }) }
        let maxmemory = withSessions + (full - withSessions) / 2
        let evictedBefore = try await evictedKeys(context)
        try await settings.set("maxmemory", String(maxmemory))
        var result = SessionsEvictionResult(policy: policy, maxmemory: maxmemory)
        for chunk in chunks(cacheEntries, by: writesPerTouch) {
            try Task.checkCancellation()
            for reply in try await client.pipeline(chunk.map { RedisCommand("SET", cache[$0], value) }) {
                if let refusal = reply.errorMessage {
                    guard refusal.hasPrefix("OOM") else { throw RedisServerError(refusal) }
                    result.cacheWritesRefused += 1
                } else {
                    result.cacheWritesAccepted += 1
                }
            }
            // Users keep working: every session still there is touched (EXPIRE answers 0 for
            // one eviction took).
            let touches = try await client.pipeline(sessions.map { RedisCommand("EXPIRE", $0, String(sessionTtlSeconds)) })
            result.touchesThatFoundNoSession += touches.filter { $0.int == 0 }.count
        }
        result.evictedKeys = Int(try await evictedKeys(context) - evictedBefore)
        result.sessionsLeft = try await existing(sessions, on: client)
        result.loggedOutByEviction = users - result.sessionsLeft
        result.cacheEntriesLeft = try await existing(cache, on: client)
        try await settings.set("maxmemory", "0")
        return result
    }

    private func chunks(_ count: Int, by size: Int = 50) -> [Range<Int>] {
        stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }

    private func check(_ replies: [RESPValue]) throws {
        if let refusal = replies.lazy.compactMap(\.errorMessage).first { throw RedisServerError(refusal) }
    }

    private func existing(_ keys: [String], on client: any LabConnection) async throws -> Int {
        var found = 0
        for chunk in chunks(keys.count) {
            found += try await client.pipeline(chunk.map { RedisCommand("EXISTS", keys[$0]) }).filter { $0.int == 1 }.count
        }
        return found
    }

    private func usedMemory(_ context: LabContext) async throws -> Int64 {
        try await ServerInfo.fetch(["memory"], from: context.redis).int("used_memory") ?? 0
    }

    private func evictedKeys(_ context: LabContext) async throws -> Int64 {
        try await ServerInfo.fetch(["stats"], from: context.redis).int("evicted_keys") ?? 0
    }
}
