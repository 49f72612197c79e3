import RESP
import RedisClient

/// One live `ratelimit serve` per prefix. Two on one prefix would share (and the second's
/// start would wipe) each other's counters, so a serve holds `PREFIX live`, a key with a
/// short TTL that it renews while it runs; a second serve finding it refuses to start and
/// touches nothing. A serve that dies without removing it is forgotten once the TTL passes.
struct ServeLock: Sendable {
    /// How long the key outlives the last renewal; renewed three times as often.
    static let ttlMs: Int64 = 3000

    let key: String
    /// What the key holds: `ADDRESS|TOKEN`, the address shown to a refused serve, the token
    /// telling this serve's key from a later one's.
    let owner: String

    /// Renews the key only while it is still this serve's.
    static let renew = LuaScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """)

    /// Takes the lock, or says who holds it. `owner` is the address the serve listens on.
    static func take(_ context: LabContext, owner: String) async throws -> ServeLock {
        let lock = ServeLock(key: context.keys.key("live"), owner: "\(owner)|\(context.clock.epochMilliseconds)")
        let reply = try await context.redis.call("SET", lock.key, lock.owner, "NX", "PX", String(ttlMs))
        guard case .null = reply.withoutAttributes else { return lock }
        let holder = try await context.redis.call("GET", lock.key).string?.split(separator: "|").first.map(String.init) ?? "address unknown"
        throw LabError(
            "another ratelimit serve (on \(holder)) is live under \(context.keys.prefix): stop it first, or give this one a prefix of its own (--prefix)"
        )
    }

    /// Renews the lock until cancelled. A renewal that fails (Redis away) is not retried
    /// early: if the key expires meanwhile, another serve may start, as it should when this
    /// one cannot show it is alive.
    func keepAlive(_ context: LabContext) async {
        while !Task.isCancelled {
            _ = try? await Self.renew.call(keys: [key], arguments: [owner, String(Self.ttlMs)], on: context.redis)
            try? await context.clock.sleep(for: .milliseconds(Self.ttlMs / 3))
        }
    }
}
