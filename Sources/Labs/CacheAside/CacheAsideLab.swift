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
    /// Plain commands, a Lua release and sets nobody waits for: all fine as HTTP requests.
    public static let needs = LabNeeds(runsOverREST: true)

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
    /// Share of requests that create a product under a missing id (steady only).
    public var createRatio: Double
    /// What naive's fetcher returns for a missing row.
    public var missingRow: MissingRow
    public var invalidate: Invalidation
    public var ttlSeconds: Double
    public var ttlJitter: Double
    public var negativeTTLSeconds: Double?
    public var beta: Double
    public var dbLatencyMs: Double
    /// Where the SQLite file goes (nil: a temporary directory, removed afterwards).
    public var databasePath: String?
    /// The width of the buckets the database's queries are counted in, for the peak.
    public var bucketMs: Int

    public init(
        strategies: [CacheStrategy], scenario: CacheScenario, clients: Int, requests: Int?, durationSeconds: Double?,
        products: Int, zipf: Double, writeRatio: Double, missingRatio: Double, featuredRatio: Double, invalidate: Invalidation,
        ttlSeconds: Double, ttlJitter: Double, negativeTTLSeconds: Double?, beta: Double, dbLatencyMs: Double, databasePath: String?,
        bucketMs: Int = 100, createRatio: Double = 0, missingRow: MissingRow = .null
    ) {
        self.bucketMs = bucketMs
        self.createRatio = createRatio
        self.missingRow = missingRow
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

    public func run(_ context: LabContext) async throws -> CacheAsideReport {
        var report = CacheAsideReport(
            scenario: scenario, clients: scenario == .race ? 2 : clients, products: products, dbLatencyMs: dbLatencyMs,
            ttlSeconds: ttlSeconds, invalidate: invalidate, ttlJitter: ttlJitter, bucketMs: bucketMs, missingRow: missingRow)
        // Without --db the catalogue is a file in the run's scratch directory, which the
        // runner removes however the run ends.
        let path = databasePath ?? context.scratchDirectory + "/catalogue.sqlite"
        let release = LuaScript(LuaScript.compareAndDeleteSource)
        for strategy in strategies {
            do {
                try Task.checkCancellation()
                try await release.load(on: context.redis)
                let database = try await ProductDatabase(
                    path: path, products: products, seed: context.seed, latency: .microseconds(Int64(dbLatencyMs * 1000)),
                    clock: context.clock, bucketWidth: .milliseconds(Int64(bucketMs)))
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
            lockTTL: max(.seconds(1), latency * 20), pollInterval: max(.milliseconds(2), latency / 2), staleWindow: ttl,
            missingRow: missingRow)
    }

    /// How long the race's observer keeps reading a stale value before it stops watching:
    /// twice the TTL and a second, so a value the TTL ends is seen to end.
    public static func raceWatchSeconds(ttlSeconds: Double) -> Double { ttlSeconds * 2 + 1 }

    func productKey(_ keys: KeySpace, _ id: Int) -> String { keys.key("product", tag: String(id)) }
    func featuredKey(_ keys: KeySpace) -> String { keys.key("featured", tag: "top\(ProductDatabase.featuredLimit)") }
}
