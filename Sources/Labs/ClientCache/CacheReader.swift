import RESP
import RedisClient

/// One reader: its connection (with tracking turned on for the tracking variants) and its
/// local cache, which that connection's pushes invalidate.
struct CacheReader: Sendable {
    let variant: ClientCacheVariant
    let connection: any LabConnection
    let cache: LocalCache
    let ledger: VersionLedger
    /// The data keys' names by index.
    let keyNames: [String]

    static func open(
        _ variant: ClientCacheVariant, ledger: VersionLedger, keyNames: [String], keyPrefix: String, ttl: Duration?, context: LabContext
    ) async throws -> CacheReader {
        let cache = LocalCache(ledger: ledger, clock: context.clock, ttl: variant == .ttl ? ttl : nil, keyPrefix: keyPrefix)
        let connection: any LabConnection
        switch variant {
        case .none, .ttl:
            connection = try await context.connect()
        case .tracking, .bcast:
            // RESP3: the invalidations arrive as pushes on this same connection.
            connection = try await context.listen(true) { cache.receive($0) }
            do {
                let mode = variant == .tracking ? [] : ["BCAST", "PREFIX", keyPrefix]
                try await connection.call(RedisCommand(["CLIENT", "TRACKING", "ON"] + mode))
            } catch {
                await connection.close()
                throw error
            }
        }
        return CacheReader(variant: variant, connection: connection, cache: cache, ledger: ledger, keyNames: keyNames)
    }

    /// A local hit when the cache has the key, else a GET whose reply the cache may keep.
    func read(_ key: Int) async throws {
        if cache.lookup(key, latest: ledger.latest(key)) != nil { return }
        if variant.tracks { cache.beginFetch(key) }
        let version = try await fetch(key)
        cache.finishFetch(key, version: version, store: variant.caches)
    }

    /// One GET: the version the key holds.
    func fetch(_ key: Int) async throws -> Int {
        let reply = try await connection.call("GET", keyNames[key])
        guard let text = reply.string, let version = Int(text) else {
            throw LabError("GET \(keyNames[key]) answered \(reply.typeName) \(reply.string ?? ""), not a version number")
        }
        return version
    }

    /// Returns once every push the server sent before now has been handled: PING's reply
    /// comes after them on this connection, and pushes are handed over as they arrive.
    func readPushes() async throws {
        try await connection.call("PING")
    }
}
