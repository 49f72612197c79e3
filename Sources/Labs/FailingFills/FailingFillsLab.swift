import RESP
import RedisClient

/// The tutorial's `getCachedData` when Redis refuses writes: `redis.set(key, …, {EX: ttl})`
/// is not awaited, so a refused fill is never seen, and every later read of that key misses
/// and queries the database again. The same seeded reads run three times against a real
/// SQLite database: with fills that work, then on a full Redis (maxmemory 1 byte,
/// noeviction: every SET answers OOM) with the tutorial's code, and with the SET awaited and
/// its error counted. The tutorial's replies are collected only after the run, where the
/// application never looks. Changes maxmemory and the policy, so it runs only where it may
/// (a throwaway server, or `--allow-config`), and puts both back.
public struct FailingFillsLab: Lab {
    public static let name = "failing-fills"
    public static let summary = "the tutorial's fire-and-forget SET on a full Redis: fills that fail unseen, and the queries they cost"
    public static let needs = LabNeeds(changesConfig: true)

    /// What a full Redis is here: any write that may add memory is refused.
    public static let fullMaxmemory = 1

    public var variants: [FillVariant]
    public var requests: Int
    public var products: Int
    public var zipf: Double
    /// The TTL of a fill, whole seconds (the tutorial's EX).
    public var ttlSeconds: Int
    public var dbLatencyMs: Double

    public init(variants: [FillVariant], requests: Int, products: Int, zipf: Double, ttlSeconds: Int, dbLatencyMs: Double) {
        self.variants = variants
        self.requests = requests
        self.products = products
        self.zipf = zipf
        self.ttlSeconds = ttlSeconds
        self.dbLatencyMs = dbLatencyMs
    }

    public func run(_ context: LabContext) async throws -> FailingFillsReport {
        let settings = try context.configGuard()
        // One seeded sequence of product reads, replayed by every run.
        var generator = context.generator(stream: 0xF1)
        let popularity = Zipf(count: products, exponent: zipf)
        let reads = (0..<requests).map { _ in popularity.next(using: &generator) }
        var report = FailingFillsReport(
            requests: requests, products: products, distinctKeys: Set(reads).count, ttlSeconds: ttlSeconds, maxmemory: Self.fullMaxmemory)
        let path = context.scratchDirectory + "/catalogue.sqlite"
        do {
            let database = try await ProductDatabase(
                path: path, products: products, seed: context.seed, latency: .microseconds(Int64(dbLatencyMs * 1000)), clock: context.clock)
            context.progress.update(phase: "fills that work", done: 0, total: variants.count + 1)
            report.working = try await measure(.naive, reads: reads, database: database, serverFull: false, context: context)
            try await settings.set("maxmemory-policy", "noeviction")
            try await settings.set("maxmemory", String(Self.fullMaxmemory))
            for (index, variant) in variants.enumerated() {
                try Task.checkCancellation()
                context.progress.update(phase: variant.rawValue, done: index + 1, total: variants.count + 1)
                report.full.append(try await measure(variant, reads: reads, database: database, serverFull: true, context: context))
            }
            try await settings.restore()
        } catch {
            do {
                try await settings.restore()
            } catch let restoreFailure {
                throw LabStopped(partial: report, reason: restoreFailure)
            }
            throw LabStopped(partial: report, reason: error)
        }
        return report
    }

    func key(_ keys: KeySpace, _ id: Int) -> String { keys.key("product", String(id)) }

    /// The reads on one connection through an empty cache, `variant`'s way.
    private func measure(
        _ variant: FillVariant, reads: [Int], database: ProductDatabase, serverFull: Bool, context: LabContext
    ) async throws -> FillRunResult {
        _ = try await context.keys.removeAll(using: context.redis)
        database.resetCounts()
        let oomBefore = try await Self.oomErrors(context.redis)
        let connection = try await context.connect()
        defer { Task { await connection.close() } }
        var result = FillRunResult(variant: variant, serverFull: serverFull)
        // The tutorial's fills, written and never awaited; their replies are read afterwards.
        var unseen: [PendingReplies] = []
        for id in reads {
            try Task.checkCancellation()
            let cacheKey = key(context.keys, id)
            // `const cached = await redis.get(key); if (cached) return JSON.parse(cached);`
            let cached = try await connection.call("GET", cacheKey)
            if case .bulkString(let bytes) = cached, !bytes.array.isEmpty {
                result.hits += 1
                continue
            }
            // `const data = await fetchFn();`
            let row = try await database.product(id: id)
            let set = RedisCommand(bytes: [
                Array("SET".utf8), Array(cacheKey.utf8), Array((row?.json ?? "null").utf8), Array("EX".utf8),
                Array(String(ttlSeconds).utf8),
            ])
            result.fillsSent += 1
            switch variant {
            case .naive:
                // `redis.set(key, JSON.stringify(data), {EX: ttl});` with no await.
                unseen.append(connection.submit([set]))
            case .awaited:
                // `try { await redis.set(…) } catch (e) { log(e) }`: the request still returns data.
                let reply = try await connection.send(set)
                if let message = reply.errorMessage {
                    result.failedFillsSeen += 1
                    if result.firstError == nil { result.firstError = message }
                }
            }
        }
        // After the run, where the tutorial's code never looks: what the server answered.
        for pending in unseen {
            for reply in try await pending.replies where reply.isError { result.failedFills += 1 }
        }
        if variant == .awaited { result.failedFills = result.failedFillsSeen }
        result.backendQueries = database.counts.queries
        result.extraBackendQueries = result.backendQueries - Set(reads).count
        result.serverOomErrors = Int(try await Self.oomErrors(context.redis) - oomBefore)
        return result
    }

    /// INFO errorstats' OOM count: the errors the server itself counted.
    static func oomErrors(_ redis: some RedisCommandSender) async throws -> Int64 {
        let info = try await ServerInfo.fetch(["errorstats"], from: redis)
        return info["errorstat_OOM"].flatMap { ServerInfo.subfields($0)["count"] }.flatMap { Int64($0) } ?? 0
    }
}

public enum FillVariant: String, CaseIterable, Codable, Sendable {
    /// The tutorial's: SET written, reply never looked at.
    case naive
    /// The SET awaited and its error counted (and logged): the request still succeeds.
    case awaited
}
