import RESP
import RedisClient

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a client reads through the cache: the five strategies the lab compares.
public enum CacheStrategy: String, CaseIterable, Codable, Sendable {
    /// No cache: every read is a query.
    case none
    /// The tutorial's `getCachedData` as written: GET, and `if (cached)` return it parsed; on a
    /// miss query, then SET EX of `JSON.stringify(data)` without waiting for or checking the
    /// reply. A missing row (the fetcher's `null`) is stored as the string `null` for the full
    /// TTL: negative caching the code never mentions.
    case naive
    /// One filler per key: SET NX PX with a random token; the others wait and re-read; the
    /// holder releases by compare-and-delete in Lua.
    case lock
    /// Probabilistic early recomputation (Vattani et al., VLDB 2015): a reader recomputes
    /// before expiry with a probability that grows as expiry nears.
    case xfetch
    /// Stale-while-revalidate: after a soft expiry one reader refreshes under a lock and
    /// everybody is served the stale value meanwhile.
    case swr

    public var caches: Bool { self != .none }

    /// The TTL (seconds) Redis gives a fill when the lab's TTL is `ttlSeconds`, before jitter:
    /// naive writes the tutorial's SET EX, in whole seconds; the others PX.
    public func storedTTLSeconds(_ ttlSeconds: Double) -> Double {
        // A report read from elsewhere may hold anything: only a TTL the lab accepts is converted.
        guard self == .naive, ttlSeconds.isFinite, ttlSeconds >= 0, ttlSeconds < 1e9 else { return ttlSeconds }
        return Double(CacheClient.wholeSeconds(Duration.microseconds(Int64(ttlSeconds * 1_000_000)).milliseconds))
    }
}

/// What the tutorial's fetcher returns for a row that does not exist, and so what naive
/// caches: `null` (`rows[0] ?? null`), which `JSON.stringify` makes the string "null", a hit
/// that parses to "not found"; or `undefined` (`rows[0]`), which `JSON.stringify` passes
/// through and ioredis sends as an empty string, which `if (cached)` reads as a miss.
public enum MissingRow: String, CaseIterable, Codable, Sendable {
    case null, undefined
}

/// What the application does to the cache after writing the database.
public enum Invalidation: String, CaseIterable, Codable, Sendable {
    case delete, update, none
}

/// The strategy's settings, shared by every client.
struct CacheSettings: Sendable {
    var ttl: Duration
    /// ±this share of the TTL, drawn per fill.
    var ttlJitter: Double
    /// Cache "not found" as a tombstone for this long (nil: never).
    var negativeTTL: Duration?
    /// XFetch's β: above 1 recomputes earlier.
    var beta: Double
    var lockTTL: Duration
    /// How often a client that lost the lock looks again.
    var pollInterval: Duration
    /// SWR: how long past the soft expiry a stale value is still served.
    var staleWindow: Duration
    /// naive: what its fetcher returns for a missing row.
    var missingRow: MissingRow = .null
}

/// What one read got: the value the application receives (nil: not found) and where from.
struct CacheRead: Sendable {
    var value: [UInt8]?
    var fromCache: Bool
    /// SWR served a value past its soft expiry.
    var servedStale = false
    /// naive found a value in Redis that `if (cached)` took for a miss (an empty string).
    var cachedButFalsy = false
}

/// One client's side of the cache: its connection, its generator (jitter, lock tokens,
/// XFetch's draws) and the strategy. Reads count nothing themselves; the lab counts around
/// them and the database counts its queries.
struct CacheClient: Sendable {
    let strategy: CacheStrategy
    let connection: any LabConnection
    let settings: CacheSettings
    let clock: any WorkClock
    let releaseScript: LuaScript
    let refreshes: BackgroundWork
    let lockEvents: LockEvents
    var generator: SeededGenerator

    /// The value a missing id is cached as (negative caching).
    static let tombstone = Array("!not-found".utf8)
    /// What `JSON.stringify(null)` gives: how the tutorial's code caches a missing row.
    static let jsonNull = Array("null".utf8)

    /// Reads `key` through the cache; `load` queries the database (nil: no such row).
    mutating func read(_ key: String, load: @escaping @Sendable () async throws -> [UInt8]?) async throws -> CacheRead {
        switch strategy {
        case .none:
            return CacheRead(value: try await load(), fromCache: false)
        case .naive:
            // `if (cached) return JSON.parse(cached)`: an empty string is falsy, so it reads as a
            // miss; "null" is a hit that parses to null, "not found".
            let cached = try await get(key)
            if let cached, !cached.isEmpty {
                return CacheRead(value: cached == Self.jsonNull ? nil : cached, fromCache: true)
            }
            let value = try await load()
            // `redis.set(key, JSON.stringify(data), {EX: ttl})` with no await: the reply is
            // never looked at. A missing row is "null", or "" when the fetcher said undefined.
            let missing = settings.missingRow == .null ? Self.jsonNull : []
            connection.sendWithoutWaiting(setCommand(key, value ?? missing, ttl: ttl(), seconds: true))
            var read = CacheRead(value: value, fromCache: false)
            read.cachedButFalsy = cached?.isEmpty == true
            return read
        case .lock:
            if let cached = try await get(key) { return decodePlain(cached) }
            return try await fillUnderLock(key, load: load)
        case .xfetch:
            return try await readXFetch(key, load: load)
        case .swr:
            return try await readStaleWhileRevalidate(key, load: load)
        }
    }

    /// After the database changed a row: the cache action of `--invalidate`.
    mutating func invalidate(_ key: String, fresh value: [UInt8]?, mode: Invalidation) async throws {
        guard strategy.caches else { return }
        switch mode {
        case .none: return
        case .delete: try await connection.call("DEL", key)
        case .update:
            if let value {
                try await store(key, value)
            } else {
                try await connection.call("DEL", key)
            }
        }
    }

    /// The bytes to keep under `key` for `value`, in this strategy's format, with the TTL
    /// Redis should give them (used to warm the cache too).
    mutating func stored(_ value: [UInt8]?) -> (bytes: [UInt8], ttl: Duration)? {
        let payload: [UInt8]
        var lifetime: Duration
        if let value {
            payload = value
            lifetime = ttl()
        } else if strategy == .naive {
            payload = Self.jsonNull
            lifetime = ttl()
        } else {
            guard let negative = settings.negativeTTL else { return nil }
            payload = Self.tombstone
            lifetime = negative
        }
        let now = clock.now
        switch strategy {
        case .none: return nil
        case .naive, .lock: return (payload, lifetime)
        case .xfetch:
            // Δ is measured when recomputing; a warmed value starts with the configured
            // latency as its guess.
            return (Envelope.xfetch(delta: lastRecompute, expiry: now + lifetime, payload: payload), lifetime)
        case .swr:
            return (Envelope.swr(freshUntil: now + lifetime, payload: payload), lifetime + settings.staleWindow)
        }
    }

    /// XFetch's Δ: how long the last recomputation by this client took.
    var lastRecompute: Duration = .zero

    // MARK: - Strategies

    private mutating func fillUnderLock(_ key: String, load: @escaping @Sendable () async throws -> [UInt8]?) async throws -> CacheRead {
        let lockKey = key + ":lock"
        let token = String(generator.next(), radix: 16)
        let start = clock.now
        while true {
            let acquired = try await connection.call("SET", lockKey, token, "NX", "PX", String(settings.lockTTL.milliseconds))
            if acquired.isOK {
                do {
                    // Another filler may have finished between our miss and our lock.
                    if let cached = try await get(key) {
                        try await release(lockKey, token)
                        return decodePlain(cached)
                    }
                    let value = try await load()
                    try await store(key, value)
                    try await release(lockKey, token)
                    return CacheRead(value: value, fromCache: false)
                } catch {
                    try? await release(lockKey, token)
                    throw error
                }
            }
            try await clock.sleep(for: settings.pollInterval)
            if let cached = try await get(key) { return decodePlain(cached) }
            // The holder has taken longer than its lock lives: stop waiting and query.
            if clock.now - start > settings.lockTTL {
                lockEvents.waitsGivenUp.add()
                return CacheRead(value: try await load(), fromCache: false)
            }
        }
    }

    private mutating func readXFetch(_ key: String, load: @escaping @Sendable () async throws -> [UInt8]?) async throws -> CacheRead {
        if let cached = try await get(key), let envelope = Envelope(cached), case .xfetch(let delta, let expiry) = envelope.header {
            // Recompute early when now − Δ·β·ln(u) ≥ expiry, u uniform in (0, 1].
            let u = 1 - generator.nextUnit()
            let early = Duration.microseconds(Int64(Double(delta.microseconds) * settings.beta * -log(u)))
            if clock.now + early < expiry { return CacheRead(value: Self.notTombstone(envelope.payload), fromCache: true) }
        }
        let start = clock.now
        let value = try await load()
        lastRecompute = clock.now - start
        try await store(key, value)
        return CacheRead(value: value, fromCache: false)
    }

    private mutating func readStaleWhileRevalidate(_ key: String, load: @escaping @Sendable () async throws -> [UInt8]?) async throws
        -> CacheRead
    {
        guard let cached = try await get(key), let envelope = Envelope(cached), case .swr(let freshUntil) = envelope.header else {
            // A hard miss: nothing to serve, so fill under the lock as `lock` does.
            return try await fillUnderLock(key, load: load)
        }
        let value = Self.notTombstone(envelope.payload)
        guard clock.now >= freshUntil else { return CacheRead(value: value, fromCache: true) }
        let lockKey = key + ":lock"
        let token = String(generator.next(), radix: 16)
        if try await connection.call("SET", lockKey, token, "NX", "PX", String(settings.lockTTL.milliseconds)).isOK {
            // One refresher; everybody, this reader included, gets the stale value now.
            let refresher = self
            lockEvents.refreshesStarted.add()
            refreshes.start {
                var refresher = refresher
                let fresh = try await load()
                try await refresher.store(key, fresh)
                try await refresher.release(lockKey, token)
            }
        }
        return CacheRead(value: value, fromCache: true, servedStale: true)
    }

    // MARK: - Commands

    private func get(_ key: String) async throws -> [UInt8]? {
        let reply = try await connection.send(RedisCommand("GET", key))
        if let message = reply.errorMessage { throw RedisServerError(message) }
        if case .bulkString(let bytes) = reply { return bytes.array }
        return nil
    }

    /// SET with the strategy's envelope and TTL (a missing row: a tombstone, or nothing).
    private mutating func store(_ key: String, _ value: [UInt8]?) async throws {
        guard let (bytes, lifetime) = stored(value) else { return }
        try await connection.call(setCommand(key, bytes, ttl: lifetime, seconds: false))
    }

    private func setCommand(_ key: String, _ value: [UInt8], ttl: Duration, seconds: Bool) -> RedisCommand {
        let expiry = seconds ? ["EX", String(Self.wholeSeconds(ttl.milliseconds))] : ["PX", String(max(1, ttl.milliseconds))]
        return RedisCommand(bytes: [Array("SET".utf8), Array(key.utf8), value] + expiry.map { Array($0.utf8) })
    }

    /// Compare-and-delete; a 0 means the lock expired while this client held it.
    private func release(_ lockKey: String, _ token: String) async throws {
        let deleted = try await releaseScript.call(keys: [lockKey], arguments: [token], on: connection)
        if deleted == .integer(0) { lockEvents.expiredWhileHeld.add() }
    }

    /// SET EX's argument for a TTL: whole seconds, rounded, at least 1.
    static func wholeSeconds(_ milliseconds: Int64) -> Int64 { max(1, (milliseconds + 500) / 1000) }

    private mutating func ttl() -> Duration {
        guard settings.ttlJitter > 0 else { return settings.ttl }
        let factor = 1 + settings.ttlJitter * (2 * generator.nextUnit() - 1)
        return .microseconds(Int64(Double(settings.ttl.microseconds) * factor))
    }

    private func decodePlain(_ cached: [UInt8]) -> CacheRead {
        CacheRead(value: Self.notTombstone(cached), fromCache: true)
    }

    private static func notTombstone(_ bytes: [UInt8]) -> [UInt8]? {
        bytes == tombstone ? nil : bytes
    }
}

/// The header XFetch and SWR keep in front of the value: `x<Δµs>,<expiryµs>|…` and
/// `s<fresh-until µs>|…`, times on the lab's clock.
struct Envelope {
    enum Header {
        case xfetch(delta: Duration, expiry: Duration)
        case swr(freshUntil: Duration)
    }

    var header: Header
    var payload: [UInt8]

    init?(_ bytes: [UInt8]) {
        guard let bar = bytes.firstIndex(of: UInt8(ascii: "|")), let kind = bytes.first else { return nil }
        let numbers = bytes[1..<bar].split(separator: UInt8(ascii: ",")).map { Int64(String(decoding: $0, as: UTF8.self)) }
        payload = Array(bytes[(bar + 1)...])
        switch (kind, numbers.count) {
        case (UInt8(ascii: "x"), 2):
            guard let delta = numbers[0], let expiry = numbers[1] else { return nil }
            header = .xfetch(delta: .microseconds(delta), expiry: .microseconds(expiry))
        case (UInt8(ascii: "s"), 1):
            guard let fresh = numbers[0] else { return nil }
            header = .swr(freshUntil: .microseconds(fresh))
        default:
            return nil
        }
    }

    static func xfetch(delta: Duration, expiry: Duration, payload: [UInt8]) -> [UInt8] {
        Array("x\(delta.microseconds),\(expiry.microseconds)|".utf8) + payload
    }

    static func swr(freshUntil: Duration, payload: [UInt8]) -> [UInt8] {
        Array("s\(freshUntil.microseconds)|".utf8) + payload
    }
}

extension RESPValue {
    var isOK: Bool {
        if case .simpleString(let text) = self { return text == "OK" }
        return false
    }
}
