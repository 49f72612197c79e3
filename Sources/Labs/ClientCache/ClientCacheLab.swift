import RedisClient

/// Readers with an in-process cache in front of Redis while a writer changes keys: plain
/// GETs, a local TTL, and RESP3 CLIENT TRACKING (default and BCAST) with invalidation
/// pushes. Local hits, round trips saved and stale reads are counted against the writer's
/// ledger of acknowledged versions.
public struct ClientCacheLab: Lab {
    public static let name = "client-cache"
    public static let summary =
        "readers with a local cache: none, a local TTL, or RESP3 CLIENT TRACKING (default, BCAST); hits, round trips saved and stale reads counted against the writer's ledger"

    public var variants: [ClientCacheVariant]
    public var readers: Int
    public var keys: Int
    public var rounds: Int
    public var readsPerRound: Int
    public var writesPerRound: Int
    public var ttlMs: Int
    /// Network GETs timed in the hot loop (local hits: 100 times as many); 0 skips it.
    public var hotGets: Int
    /// Running freely, the writer and each reader rest this long between rounds, so that
    /// reads and writes overlap rather than one side finishing first.
    public var gapMs: Int = 1

    public init(
        variants: [ClientCacheVariant], readers: Int, keys: Int, rounds: Int, readsPerRound: Int, writesPerRound: Int, ttlMs: Int,
        hotGets: Int
    ) {
        self.variants = variants
        self.readers = readers
        self.keys = keys
        self.rounds = rounds
        self.readsPerRound = readsPerRound
        self.writesPerRound = writesPerRound
        self.ttlMs = ttlMs
        self.hotGets = hotGets
    }

    public func run(_ context: LabContext) async throws -> ClientCacheReport {
        // A reader's tracking lives on the node it reads from, and the kit's listening
        // connection reaches one master: rather than count a third of the keyspace, refuse.
        guard context.redis.clusterMasters == nil else {
            throw LabError(
                "CLIENT TRACKING is per node (a reader hears only of keys on the node it read them from); run it on one server, not a cluster"
            )
        }
        var report = ClientCacheReport(
            readers: readers, keys: keys, rounds: rounds, readsPerRound: readsPerRound, writesPerRound: writesPerRound, ttlMs: ttlMs)
        // Every variant and both phases replay one workload.
        let workload = ClientCacheWorkload(
            keys: keys, readers: readers, rounds: rounds, readsPerRound: readsPerRound, writesPerRound: writesPerRound,
            generator: context.generator(stream: 0xCC))
        let keyPrefix = context.keys.key("k") + ":"
        let keyNames = (0..<keys).map { keyPrefix + String($0) }
        do {
            for (done, variant) in variants.enumerated() {
                context.progress.update(phase: variant.rawValue, done: done, total: variants.count)
                let phase = ClientCachePhase(
                    variant: variant, workload: workload, readers: readers, keyNames: keyNames, keyPrefix: keyPrefix,
                    ttl: .milliseconds(ttlMs), gap: .milliseconds(gapMs), context: context)
                report.lockstep.set(variant.rawValue, try await phase.run(lockstep: true))
                try Task.checkCancellation()
                report.concurrent.set(variant.rawValue, try await phase.run(lockstep: false))
                try Task.checkCancellation()
                if variant.tracks {
                    let race = InFlightRace(
                        variant: variant, key: keyNames[0], keyPrefix: keyPrefix, gate: context.keys.key("gate"), context: context)
                    report.inFlightRace.set(variant.rawValue, try await race.run())
                }
            }
            if hotGets > 0 {
                report.hotLoop = try await HotLoop(gets: hotGets, localHits: hotGets * 100).run(
                    key: keyNames[0], keyPrefix: keyPrefix, context: context)
            }
        } catch {
            throw LabStopped(partial: report, reason: error)
        }
        return report
    }
}
