import RESP
import RedisClient

extension StrategyRun {
    /// Reader misses and reads the row; the writer updates it and invalidates; then the
    /// reader caches what it read. An observer then reads like the application until it
    /// sees the new version, counting the stale reads and how long they went on.
    func race(_ connections: [any LabConnection], refreshes: BackgroundWork) async throws -> ClientTally {
        let id = 1
        let key = lab.productKey(context.keys, id)
        let readerQueried = Latch()
        let writerDone = Latch()
        let reader = client(connections[0], number: 0, refreshes: refreshes)
        var writer = client(connections[1], number: 1, refreshes: refreshes)
        var observer = client(connections[2], number: 2, refreshes: refreshes)
        var tally = ClientTally()
        let readerRead = Task { [database] in
            var reader = reader
            return try await reader.read(key) {
                let row = try await database.product(id: id)
                readerQueried.open()
                await writerDone.wait()
                return row.map { Array($0.json.utf8) }
            }
        }
        await readerQueried.wait()
        var generator = context.generator(stream: 1)
        let updated = try await database.update(id: id, priceCents: Workload.price(using: &generator))
        try await writer.invalidate(key, fresh: updated.map { Array($0.json.utf8) }, mode: lab.invalidate)
        writerDone.open()
        note(try await readerRead.value, tally: &tally)
        tally.requests = 2
        // The reader's SET may still be on its way (naive does not wait for it).
        _ = try await connections[0].send(RedisCommand("PING"))
        let committed = database.committedVersion(of: id) ?? 0
        let committedAt = database.commitTime(of: id, version: committed) ?? context.clock.now
        let giveUp = context.clock.now + .microseconds(Int64(CacheAsideLab.raceWatchSeconds(ttlSeconds: lab.ttlSeconds) * 1_000_000))
        while true {
            try Task.checkCancellation()
            let start = context.clock.now
            let read = try await observer.read(key) { [database] in try await database.product(id: id).map { Array($0.json.utf8) } }
            tally.requests += 1
            tally.latency.record(context.clock.now - start)
            note(read, tally: &tally)
            let version = read.value.flatMap(Product.version(ofJSON:)) ?? committed
            if version >= committed || context.clock.now > giveUp { break }
            tally.staleReads += 1
            tally.staleFor = context.clock.now - committedAt
            try await context.clock.sleep(for: .milliseconds(25))
        }
        return tally
    }
}
