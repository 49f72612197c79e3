import RESP
import RedisClient

/// One strategy under the lab's scenario: clients on real connections against a fresh
/// database and an empty (or warmed) cache.
struct StrategyRun: Sendable {
    let lab: CacheAsideLab
    let strategy: CacheStrategy
    let context: LabContext
    let database: ProductDatabase
    let release: LuaScript
    let lockEvents = LockEvents()

    func measure() async throws -> CacheStrategyResult {
        let refreshes = BackgroundWork()
        let clientCount = lab.scenario == .race ? 3 : lab.clients
        let connections = try await context.connections(clientCount)
        defer { Task { for connection in connections { await connection.close() } } }
        database.resetCounts()
        // Counted from before the warm-up: a warmed key that expires before the first client
        // asks for it (a slow start) is still an expiry, and its refill a query.
        var before = try await KeyspaceCounters.readTotal(from: context.redis)
        var warmed: WarmedExpiries?
        var warmUp: Duration?
        if lab.scenario == .steady || lab.scenario == .stampede, strategy.caches {
            let warmUpStart = context.clock.now
            let keys = try await warm()
            warmUp = context.clock.now - warmUpStart
            // PTTL counts as a keyspace hit: the reads of the expiries are taken out of the
            // server's hit ratio, which is about the clients' reads.
            let beforeExpiries = try await KeyspaceCounters.readTotal(from: context.redis)
            let expiries = try await WarmedExpiries.read(keys, on: context.redis, clock: context.clock)
            let read = try await KeyspaceCounters.readTotal(from: context.redis) - beforeExpiries
            before.hits += read.hits
            before.misses += read.misses
            warmed = WarmedExpiries(expiriesMs: expiries, bucketMs: lab.bucketMs, originMs: database.queryBuckets.origin.milliseconds)
        }
        let commandsBefore = context.commands.total
        let start = context.clock.now
        let tally: ClientTally
        if lab.scenario == .race {
            tally = try await race(connections, refreshes: refreshes)
        } else {
            tally = try await runClients(connections, refreshes: refreshes)
        }
        await refreshes.waitForAll()
        let elapsed = context.clock.now - start
        let commands = context.commands.total - commandsBefore
        let unseen = lab.scenario == .stampede && strategy.caches ? try await hotKeyExpiredAfterTheLastRead(connections) : 0
        let server = try await KeyspaceCounters.readTotal(from: context.redis) - before
        let counts = database.counts
        let peak = database.queryBuckets.peak
        let bucketMs = lab.bucketMs
        // expired_keys also counts a lock that outlived its holder, and the hot key expiring
        // after the clients stopped, when nobody was left to refill it: neither is an expiry
        // the clients could answer with a query.
        let locksExpired = lockEvents.expiredWhileHeld.value
        let expiries = lab.scenario == .stampede ? Int(server.expired) - locksExpired - unseen : nil
        let usesLock = strategy == .lock || strategy == .swr
        return CacheStrategyResult(
            strategy: strategy, requests: tally.requests, hitRatio: Rounding.ratio(tally.hits, tally.reads),
            serverHitRatio: server.hitRatio.map { Rounding.rounded($0, 4) }, backendQueries: counts.queries, expiries: expiries,
            backendQueriesPerExpiry: expiries.flatMap { $0 > 0 ? Rounding.rounded(Double(counts.queries) / Double($0), 2) : nil },
            maxConcurrentBackend: counts.maxInFlight,
            locksExpiredWhileHeld: usesLock ? locksExpired : nil, lockWaitsGivenUp: usesLock ? lockEvents.waitsGivenUp.value : nil,
            distinctKeys: lab.scenario == .coldStart ? tally.keysAsked.count : nil, staleReads: tally.staleReads,
            staleForMs: Rounding.rounded(Double(tally.staleFor.microseconds) / 1000, 1), servedStale: tally.servedStale,
            refreshes: strategy == .swr ? lockEvents.refreshesStarted.value : nil,
            negativeLookupsToBackend: counts.negativeQueries, latencyMs: tally.latency.summary,
            commandsPerRequest: tally.requests == 0 ? 0 : Rounding.rounded(Double(commands) / Double(tally.requests), 3),
            requestsPerSec: Rounding.rounded(Double(tally.requests) / max(elapsed.seconds, 1e-9), 1),
            peakBackendQueriesPerBucket: peak.queries, peakBucketAtMs: peak.queries > 0 ? peak.index * bucketMs : nil,
            warmedKeys: warmed?.keys, peakKeysExpiringPerBucket: warmed?.peakPerBucket, expirySpreadMs: warmed?.spreadMs,
            firstExpiryAtMs: warmed?.firstAtMs, warmUpMs: warmUp.map { Int($0.milliseconds) },
            created: counts.created, readsNotFoundAfterCreate: tally.notFoundAfterCreate,
            notFoundAfterCreateMs: Rounding.rounded(Double(tally.notFoundAfterCreateFor.microseconds) / 1000, 1),
            cachedValuesReadAsMisses: strategy == .naive ? tally.cachedButFalsy : nil)
    }

    /// 1 if the stampede's hot key is gone now that the clients have stopped (it expired
    /// after the last read), else 0. Every client connection answers an EXISTS first, so a
    /// fill written without waiting (naive) has reached the server; the check also makes
    /// Redis delete a key whose TTL has passed, so INFO read next has counted it.
    private func hotKeyExpiredAfterTheLastRead(_ connections: [any LabConnection]) async throws -> Int {
        let key = lab.featuredKey(context.keys)
        for connection in connections { try await connection.call("EXISTS", key) }
        return try await context.redis.call("EXISTS", key) == .integer(0) ? 1 : 0
    }

    // MARK: - Clients

    func client(_ connection: any LabConnection, number: Int, refreshes: BackgroundWork) -> CacheClient {
        CacheClient(
            strategy: strategy, connection: connection, settings: lab.settings, clock: context.clock, releaseScript: release,
            refreshes: refreshes, lockEvents: lockEvents, generator: context.generator(stream: UInt64(1000 + number)))
    }

    private func runClients(_ connections: [any LabConnection], refreshes: BackgroundWork) async throws -> ClientTally {
        let planned = lab.requests
        let deadline = lab.durationSeconds.map { context.clock.now + .microseconds(Int64($0 * 1_000_000)) }
        let done = Counter()
        let total = planned ?? 0
        let workload = Workload(
            products: lab.products, zipf: Zipf(count: lab.products, exponent: lab.zipf),
            writeRatio: lab.scenario == .steady ? lab.writeRatio : 0, missingRatio: lab.scenario == .steady ? lab.missingRatio : 0,
            featuredRatio: lab.scenario == .stampede ? 1 : (lab.scenario == .steady ? lab.featuredRatio : 0),
            createRatio: lab.scenario == .steady ? lab.createRatio : 0)
        let started = context.clock.now
        // Requests done of those planned, or milliseconds passed of the duration.
        let progress = Task { [context, strategy, lab] in
            while !Task.isCancelled {
                if let seconds = lab.durationSeconds {
                    context.progress.update(
                        phase: strategy.rawValue, done: Int((context.clock.now - started).milliseconds), total: Int(seconds * 1000))
                } else {
                    context.progress.update(phase: strategy.rawValue, done: done.value, total: total)
                }
                try? await context.clock.sleep(for: .milliseconds(100))
            }
        }
        defer { progress.cancel() }
        return try await withThrowingTaskGroup(of: ClientTally.self) { group in
            for (number, connection) in connections.enumerated() {
                let share = planned.map { $0 / connections.count + (number < $0 % connections.count ? 1 : 0) }
                let fresh = client(connection, number: number, refreshes: refreshes)
                group.addTask { [self] in
                    try await withTaskExecutorPreference(connection.taskExecutor) {
                        var client = fresh
                        var tally = ClientTally()
                        var generator = context.generator(stream: UInt64(number))
                        while !Task.isCancelled {
                            if let share, tally.requests >= share { break }
                            if let deadline, context.clock.now >= deadline { break }
                            let request = workload.next(using: &generator)
                            do {
                                try await perform(request, client: &client, generator: &generator, tally: &tally)
                            } catch is CancellationError {
                                break
                            }
                            done.add()
                        }
                        return tally
                    }
                }
            }
            var total = ClientTally()
            for try await tally in group { total.add(tally) }
            return total
        }
    }

    /// One request, timed from the application's point of view (database time included).
    private func perform(_ request: CacheRequest, client: inout CacheClient, generator: inout SeededGenerator, tally: inout ClientTally)
        async throws
    {
        let start = context.clock.now
        defer {
            tally.requests += 1
            tally.latency.record(context.clock.now - start)
        }
        switch request {
        case .product(let id):
            tally.keysAsked.insert(id)
            let committed = database.committedVersion(of: id) ?? 0
            let read = try await client.read(lab.productKey(context.keys, id)) { [database] in
                try await database.product(id: id).map { Array($0.json.utf8) }
            }
            note(read, tally: &tally)
            if let value = read.value, let version = Product.version(ofJSON: value), version < committed {
                tally.staleReads += 1
                if let newer = database.commitTime(of: id, version: version + 1) {
                    tally.staleFor = max(tally.staleFor, context.clock.now - newer)
                }
            }
            // "Not found" for a row created before this read began: a cached miss outlived
            // the creation. (Catalogue rows exist from the start and are never answered nil.)
            if read.value == nil, committed > 0, let createdAt = database.commitTime(of: id, version: 1) {
                tally.notFoundAfterCreate += 1
                tally.notFoundAfterCreateFor = max(tally.notFoundAfterCreateFor, context.clock.now - createdAt)
            }
        case .featured:
            let read = try await client.read(lab.featuredKey(context.keys)) { [database] in
                let rows = try await database.featured()
                return Array(("[" + rows.map(\.json).joined(separator: ",") + "]").utf8)
            }
            note(read, tally: &tally)
        case .update(let id):
            let updated = try await database.update(id: id, priceCents: Workload.price(using: &generator))
            try await client.invalidate(lab.productKey(context.keys, id), fresh: updated.map { Array($0.json.utf8) }, mode: lab.invalidate)
        case .create(let id):
            // The tutorial's create path has no cache code, and --invalidate is what the
            // application does after an update: a creation leaves the cache alone, so a
            // "not found" cached for this id stays until its TTL.
            _ = try await database.create(id: id, priceCents: Workload.price(using: &generator))
        }
    }

    func note(_ read: CacheRead, tally: inout ClientTally) {
        tally.reads += 1
        if read.fromCache { tally.hits += 1 }
        if read.servedStale { tally.servedStale += 1 }
        if read.cachedButFalsy { tally.cachedButFalsy += 1 }
    }

    /// Fills the cache with every product (and the featured list) in this strategy's
    /// format, in pipelined batches; the queries it takes are not counted. Returns the keys
    /// it wrote.
    private func warm() async throws -> [String] {
        var warmed: [String] = []
        var filler = client(context.redis, number: -1, refreshes: BackgroundWork())
        // XFetch's Δ for a value nobody has recomputed yet: the database's latency.
        filler.lastRecompute = database.latency
        var batch: [RedisCommand] = []
        // The stampede is about one hot key: only it is warmed, so only it expires.
        let all = try await database.allProducts()
        for product in lab.scenario == .stampede ? [] : all {
            guard let (bytes, ttl) = filler.stored(Array(product.json.utf8)) else { continue }
            let key = lab.productKey(context.keys, product.id)
            batch.append(Self.set(key, bytes, ttl))
            warmed.append(key)
            if batch.count == 1000 {
                _ = try await context.redis.pipeline(batch)
                batch.removeAll()
            }
        }
        let featured = all.filter(\.featured).sorted { $0.score > $1.score }.prefix(ProductDatabase.featuredLimit)
        if let (bytes, ttl) = filler.stored(Array(("[" + featured.map(\.json).joined(separator: ",") + "]").utf8)) {
            batch.append(Self.set(lab.featuredKey(context.keys), bytes, ttl))
            warmed.append(lab.featuredKey(context.keys))
        }
        for reply in try await context.redis.pipeline(batch) where reply.isError { throw RedisServerError(reply.errorMessage ?? "") }
        return warmed
    }

    private static func set(_ key: String, _ value: [UInt8], _ ttl: Duration) -> RedisCommand {
        RedisCommand(bytes: [Array("SET".utf8), Array(key.utf8), value, Array("PX".utf8), Array(String(max(1, ttl.milliseconds)).utf8)])
    }
}
