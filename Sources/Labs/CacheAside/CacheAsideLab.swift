import RESP
import RedisClient
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cache-aside in front of a real SQLite database: how many queries reach the database,
/// how often a read is stale, and what each strategy costs in latency and commands.
public struct CacheAsideLab: Lab {
    public static let name = "cache-aside"
    public static let summary = "cache-aside in front of SQLite: stampedes, stale sets, negative caching, five strategies"

    public var strategies: [CacheStrategy]
    public var scenario: CacheScenario
    public var clients: Int
    /// Total requests over all clients; nil runs for `durationSeconds`.
    public var requests: Int?
    public var durationSeconds: Double?
    public var products: Int
    public var zipf: Double
    public var writeRatio: Double
    public var missingRatio: Double
    public var featuredRatio: Double
    public var invalidate: Invalidation
    public var ttlSeconds: Double
    public var ttlJitter: Double
    public var negativeTTLSeconds: Double?
    public var beta: Double
    public var dbLatencyMs: Double
    /// Where the SQLite file goes (nil: a temporary directory, removed afterwards).
    public var databasePath: String?

    public init(
        strategies: [CacheStrategy], scenario: CacheScenario, clients: Int, requests: Int?, durationSeconds: Double?,
        products: Int, zipf: Double, writeRatio: Double, missingRatio: Double, featuredRatio: Double, invalidate: Invalidation,
        ttlSeconds: Double, ttlJitter: Double, negativeTTLSeconds: Double?, beta: Double, dbLatencyMs: Double, databasePath: String?
    ) {
        self.strategies = strategies
        self.scenario = scenario
        self.clients = clients
        self.requests = requests
        self.durationSeconds = durationSeconds
        self.products = products
        self.zipf = zipf
        self.writeRatio = writeRatio
        self.missingRatio = missingRatio
        self.featuredRatio = featuredRatio
        self.invalidate = invalidate
        self.ttlSeconds = ttlSeconds
        self.ttlJitter = ttlJitter
        self.negativeTTLSeconds = negativeTTLSeconds
        self.beta = beta
        self.dbLatencyMs = dbLatencyMs
        self.databasePath = databasePath
    }

    static let releaseSource = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """

    public func run(_ context: LabContext) async throws -> CacheAsideReport {
        var report = CacheAsideReport(
            scenario: scenario, clients: scenario == .race ? 2 : clients, products: products, dbLatencyMs: dbLatencyMs,
            ttlSeconds: ttlSeconds, invalidate: invalidate)
        let scratch = databasePath == nil ? try TemporaryDirectory(in: context.temporaryDirectory) : nil
        defer { scratch?.remove() }
        let path = databasePath ?? (scratch.map { $0.path + "/catalogue.sqlite" } ?? "")
        let release = LuaScript(Self.releaseSource)
        for strategy in strategies {
            do {
                try Task.checkCancellation()
                try await release.load(on: context.redis)
                let database = try await ProductDatabase(
                    path: path, products: products, seed: context.seed, latency: .microseconds(Int64(dbLatencyMs * 1000)),
                    clock: context.clock)
                try await context.keys.removeAll(using: context.redis)
                let run = StrategyRun(lab: self, strategy: strategy, context: context, database: database, release: release)
                report.strategies.set(strategy.rawValue, try await run.measure())
                // Ctrl-C ends the clients early; what they did is kept, then the lab stops.
                try Task.checkCancellation()
            } catch {
                throw LabStopped(partial: report, reason: error)
            }
        }
        return report
    }

    var settings: CacheSettings {
        let ttl = Duration.microseconds(Int64(ttlSeconds * 1_000_000))
        let latency = Duration.microseconds(Int64(dbLatencyMs * 1000))
        return CacheSettings(
            ttl: ttl, ttlJitter: ttlJitter, negativeTTL: negativeTTLSeconds.map { .microseconds(Int64($0 * 1_000_000)) }, beta: beta,
            lockTTL: max(.seconds(1), latency * 20), pollInterval: max(.milliseconds(2), latency / 2), staleWindow: ttl)
    }

    /// How long the race's observer keeps reading a stale value before it stops watching:
    /// twice the TTL and a second, so a value the TTL ends is seen to end.
    public static func raceWatchSeconds(ttlSeconds: Double) -> Double { ttlSeconds * 2 + 1 }

    func productKey(_ keys: KeySpace, _ id: Int) -> String { keys.key("product", tag: String(id)) }
    func featuredKey(_ keys: KeySpace) -> String { keys.key("featured", tag: "top\(ProductDatabase.featuredLimit)") }
}

/// What one client counted while it ran.
struct ClientTally: Sendable {
    var requests = 0
    var reads = 0
    var hits = 0
    var staleReads = 0
    var staleFor: Duration = .zero
    var servedStale = 0
    var latency = LatencyRecorder()
    var keysAsked: Set<Int> = []

    mutating func add(_ other: ClientTally) {
        requests += other.requests
        reads += other.reads
        hits += other.hits
        staleReads += other.staleReads
        staleFor = max(staleFor, other.staleFor)
        servedStale += other.servedStale
        latency.merge(other.latency)
        keysAsked.formUnion(other.keysAsked)
    }
}

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
        let before = try await KeyspaceCounters.readTotal(from: context.redis)
        if lab.scenario == .steady || lab.scenario == .stampede { try await warm() }
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
        // expired_keys also counts a lock that outlived its holder, and the hot key expiring
        // after the clients stopped, when nobody was left to refill it: neither is an expiry
        // the clients could answer with a query.
        let locksExpired = lockEvents.expiredWhileHeld.value
        let expiries = lab.scenario == .stampede ? Int(server.expired) - locksExpired - unseen : nil
        let usesLock = strategy == .lock || strategy == .swr
        return CacheStrategyResult(
            strategy: strategy, requests: tally.requests, hitRatio: Self.ratio(tally.hits, tally.reads),
            serverHitRatio: server.hitRatio.map { Self.rounded($0, 4) }, backendQueries: counts.queries, expiries: expiries,
            backendQueriesPerExpiry: expiries.flatMap { $0 > 0 ? Self.rounded(Double(counts.queries) / Double($0), 2) : nil },
            maxConcurrentBackend: counts.maxInFlight,
            locksExpiredWhileHeld: usesLock ? locksExpired : nil, lockWaitsGivenUp: usesLock ? lockEvents.waitsGivenUp.value : nil,
            distinctKeys: lab.scenario == .coldStart ? tally.keysAsked.count : nil, staleReads: tally.staleReads,
            staleForMs: Self.rounded(Double(tally.staleFor.microseconds) / 1000, 1), servedStale: tally.servedStale,
            refreshes: strategy == .swr ? lockEvents.refreshesStarted.value : nil,
            negativeLookupsToBackend: counts.negativeQueries, latencyMs: tally.latency.summary,
            commandsPerRequest: tally.requests == 0 ? 0 : Self.rounded(Double(commands) / Double(tally.requests), 3),
            requestsPerSec: Self.rounded(Double(tally.requests) / max(elapsed.seconds, 1e-9), 1))
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

    private func client(_ connection: any LabConnection, number: Int, refreshes: BackgroundWork) -> CacheClient {
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
            featuredRatio: lab.scenario == .stampede ? 1 : (lab.scenario == .steady ? lab.featuredRatio : 0))
        let started = context.clock.now
        // Requests done of those planned, or milliseconds passed of the duration.
        let progress = Task { [context, strategy, lab] in
            while !Task.isCancelled {
                if let seconds = lab.durationSeconds {
                    context.progress.update(phase: strategy.rawValue, done: Int((context.clock.now - started).milliseconds), total: Int(seconds * 1000))
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
    private func perform(_ request: CacheRequest, client: inout CacheClient, generator: inout SeededGenerator, tally: inout ClientTally) async throws {
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
        case .featured:
            let read = try await client.read(lab.featuredKey(context.keys)) { [database] in
                let rows = try await database.featured()
                return Array(("[" + rows.map(\.json).joined(separator: ",") + "]").utf8)
            }
            note(read, tally: &tally)
        case .update(let id):
            let updated = try await database.update(id: id, priceCents: Workload.price(using: &generator))
            try await client.invalidate(lab.productKey(context.keys, id), fresh: updated.map { Array($0.json.utf8) }, mode: lab.invalidate)
        }
    }

    private func note(_ read: CacheRead, tally: inout ClientTally) {
        tally.reads += 1
        if read.fromCache { tally.hits += 1 }
        if read.servedStale { tally.servedStale += 1 }
    }

    /// Fills the cache with every product (and the featured list) in this strategy's
    /// format, in pipelined batches; the queries it takes are not counted.
    private func warm() async throws {
        guard strategy.caches else { return }
        var filler = client(context.redis, number: -1, refreshes: BackgroundWork())
        // XFetch's Δ for a value nobody has recomputed yet: the database's latency.
        filler.lastRecompute = database.latency
        var batch: [RedisCommand] = []
        // The stampede is about one hot key: only it is warmed, so only it expires.
        let all = try await database.allProducts()
        for product in lab.scenario == .stampede ? [] : all {
            guard let (bytes, ttl) = filler.stored(Array(product.json.utf8)) else { continue }
            batch.append(Self.set(lab.productKey(context.keys, product.id), bytes, ttl))
            if batch.count == 1000 {
                _ = try await context.redis.pipeline(batch)
                batch.removeAll()
            }
        }
        let featured = all.filter(\.featured).sorted { $0.score > $1.score }.prefix(ProductDatabase.featuredLimit)
        if let (bytes, ttl) = filler.stored(Array(("[" + featured.map(\.json).joined(separator: ",") + "]").utf8)) {
            batch.append(Self.set(lab.featuredKey(context.keys), bytes, ttl))
        }
        for reply in try await context.redis.pipeline(batch) where reply.isError { throw RedisServerError(reply.errorMessage ?? "") }
    }

    private static func set(_ key: String, _ value: [UInt8], _ ttl: Duration) -> RedisCommand {
        RedisCommand(bytes: [Array("SET".utf8), Array(key.utf8), value, Array("PX".utf8), Array(String(max(1, ttl.milliseconds)).utf8)])
    }

    // MARK: - The stale-set race

    /// Reader misses and reads the row; the writer updates it and invalidates; then the
    /// reader caches what it read. An observer then reads like the application until it
    /// sees the new version, counting the stale reads and how long they went on.
    private func race(_ connections: [any LabConnection], refreshes: BackgroundWork) async throws -> ClientTally {
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

    static func ratio(_ part: Int, _ whole: Int) -> Double {
        whole == 0 ? 0 : rounded(Double(part) / Double(whole), 4)
    }

    static func rounded(_ value: Double, _ places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}

/// A private directory for the lab's SQLite file, removed with everything in it.
struct TemporaryDirectory: Sendable {
    let path: String

    init(in base: String) throws {
        var template = Array("\(base)/rwb-lab-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw LabError("cannot create a temporary directory in \(base): \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    func remove() {
        guard let directory = opendir(path) else { return }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { unlink("\(path)/\(name)") }
        }
        closedir(directory)
        rmdir(path)
    }
}
