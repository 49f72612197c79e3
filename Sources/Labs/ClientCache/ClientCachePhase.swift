import RESP
import RedisClient

/// One variant's readers and writer over the workload, on fresh connections and with every
/// key back at version 1.
///
/// In lockstep each round is: the writer's SETs, each acknowledged; every tracking reader
/// reads its pushes (a PING behind them); then the readers' reads. So a read never races a
/// write, and the counts follow from the seed alone: a tracking reader must see 0 stale
/// reads, a TTL reader serves every changed key it holds stale. Running freely, writer and
/// readers go at once, and a write can land between its acknowledgement and the push that
/// reports it: the stale reads tracking really has.
struct ClientCachePhase: Sendable {
    let variant: ClientCacheVariant
    let workload: ClientCacheWorkload
    let readers: Int
    let keyNames: [String]
    let keyPrefix: String
    let ttl: Duration
    let gap: Duration
    let context: LabContext

    func run(lockstep: Bool) async throws -> ClientCachePhaseResult {
        try await context.redis.call(RedisCommand(["MSET"] + keyNames.flatMap { [$0, "1"] }))
        let clock = context.clock
        let ledger = VersionLedger(keys: keyNames.count, start: clock.now)
        let writerConnection = try await context.connect()
        var opened: [CacheReader] = []
        do {
            for _ in 0..<readers {
                opened.append(
                    try await CacheReader.open(
                        variant, ledger: ledger, keyNames: keyNames, keyPrefix: keyPrefix, ttl: ttl, context: context))
            }
            let writer = CacheWriter(connection: writerConnection, ledger: ledger, keyNames: keyNames, clock: clock)
            let start = clock.now
            if lockstep {
                try await runInLockstep(writer, opened)
            } else {
                try await runFreely(writer, opened)
            }
            // Every push sent is handled before counting.
            for reader in opened where variant.tracks { try await reader.readPushes() }
            let seconds = (clock.now - start).seconds
            var tally = ClientCacheTally()
            for reader in opened {
                reader.cache.finish()
                tally = tally + reader.cache.tally
            }
            await close(writerConnection, opened)
            return ClientCachePhaseResult(tally, seconds: seconds)
        } catch {
            await close(writerConnection, opened)
            throw error
        }
    }

    private func runInLockstep(_ writer: CacheWriter, _ readers: [CacheReader]) async throws {
        var writer = writer
        for round in workload.rounds {
            for key in round.writes { try await writer.write(key) }
            if variant.tracks { for reader in readers { try await reader.readPushes() } }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (reader, keys) in zip(readers, round.reads) {
                    group.addTask { for key in keys { try await reader.read(key) } }
                }
                try await group.waitForAll()
            }
            try Task.checkCancellation()
        }
    }

    private func runFreely(_ writer: CacheWriter, _ readers: [CacheReader]) async throws {
        let rounds = workload.rounds
        let clock = context.clock
        let gap = gap
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var writer = writer
                for round in rounds {
                    for key in round.writes { try await writer.write(key) }
                    try await clock.sleep(for: gap)
                }
            }
            for (index, reader) in readers.enumerated() {
                group.addTask {
                    for round in rounds {
                        for key in round.reads[index] { try await reader.read(key) }
                        try await clock.sleep(for: gap)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private func close(_ writer: any LabConnection, _ readers: [CacheReader]) async {
        await writer.close()
        for reader in readers { await reader.connection.close() }
    }
}
