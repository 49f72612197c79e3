import RESP
import RedisClient

/// The race every tracking client must handle, made to happen on purpose: a reader's GET is
/// answered with the old version, the writer's SET lands and its invalidation reaches the
/// reader, and only then does the reader take in the GET's reply. The reader writes GET and
/// BLPOP on a gate key in one go; the writer waits until CLIENT LIST shows the reader
/// blocked (so the GET was answered), SETs the key and then pushes the gate. On the
/// reader's connection the GET's reply, the push and BLPOP's reply arrive in that order, so
/// the push has been handled when the replies are taken in.
struct InFlightRace: Sendable {
    let variant: ClientCacheVariant
    let key: String
    let keyPrefix: String
    let gate: String
    let context: LabContext
    /// How long the writer waits for the reader to block before giving up.
    let patience: Duration = .seconds(5)

    func run() async throws -> InFlightRaceResult {
        let guarded = try await race(honourInFlight: true)
        let unguarded = try await race(honourInFlight: false)
        return InFlightRaceResult(
            replyVersion: guarded.replyVersion, ackedVersion: guarded.ackedVersion, guardedDropped: guarded.tally.repliesDropped,
            guardedStaleReads: guarded.tally.staleReads, unguardedStaleReads: unguarded.tally.staleReads)
    }

    /// One race, then two reads of the key: one at once, one after every push sent was read.
    private func race(honourInFlight: Bool) async throws -> (replyVersion: Int, ackedVersion: Int, tally: ClientCacheTally) {
        try await context.redis.call("SET", key, "1")
        let clock = context.clock
        let ledger = VersionLedger(keys: 1, start: clock.now)
        let reader = try await CacheReader.open(variant, ledger: ledger, keyNames: [key], keyPrefix: keyPrefix, ttl: nil, context: context)
        let writerConnection: any LabConnection
        do {
            writerConnection = try await context.connect()
        } catch {
            await reader.connection.close()
            throw error
        }
        do {
            guard let id = try await reader.connection.call("CLIENT", "ID").int else { throw LabError("CLIENT ID answered no number") }
            reader.cache.beginFetch(0)
            let pending = reader.connection.submit([["GET", key], ["BLPOP", gate, "10"]])
            try await waitUntilBlocked(id)
            var writer = CacheWriter(connection: writerConnection, ledger: ledger, keyNames: [key], clock: clock)
            try await writer.write(0)
            try await writerConnection.call("LPUSH", gate, "go")
            let replies = try await pending.replies
            guard replies.count == 2, let text = replies[0].string, let version = Int(text) else {
                throw LabError("GET \(key) answered \(replies.first?.typeName ?? "nothing"), not a version number")
            }
            reader.cache.finishFetch(0, version: version, store: true, honourInFlight: honourInFlight)
            try await reader.read(0)
            try await reader.readPushes()
            try await reader.read(0)
            let tally = reader.cache.tally
            await writerConnection.close()
            await reader.connection.close()
            return (version, ledger.latest(0), tally)
        } catch {
            await writerConnection.close()
            await reader.connection.close()
            throw error
        }
    }

    /// Until CLIENT LIST shows the reader blocked in BLPOP, by which point its GET was answered.
    private func waitUntilBlocked(_ id: Int64) async throws {
        let deadline = context.clock.now + patience
        while context.clock.now < deadline {
            let line = try await context.redis.call("CLIENT", "LIST", "ID", String(id)).string ?? ""
            if line.split(separator: " ").contains(where: { $0.hasPrefix("flags=") && $0.contains("b") }) { return }
            try await context.clock.sleep(for: .milliseconds(1))
        }
        throw LabError("the reader's BLPOP did not block within \(patience)")
    }
}
