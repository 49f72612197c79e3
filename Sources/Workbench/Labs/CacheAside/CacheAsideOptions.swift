import ArgumentParser
import Labs

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension CacheStrategy: ExpressibleByArgument {}
extension CacheScenario: ExpressibleByArgument {}
extension Invalidation: ExpressibleByArgument {}
extension MissingRow: ExpressibleByArgument {}

/// `rwb lab cache-aside` options. Defaults that depend on the scenario or `--quick` are
/// left nil here and chosen in `CacheAsideSpec`. Numbers parse unconditionally, so that
/// `--ttl -1` reaches its range check instead of reading `-1` as an option.
public struct CacheAsideOptions: ParsableArguments {
    @Option(help: "none, naive, lock, xfetch, swr, or all.")
    var strategy = "all"

    @Option(help: "steady, stampede, cold-start or race.")
    var scenario: CacheScenario = .steady

    @Option(parsing: .unconditional, help: "Concurrent clients, each a real connection (default 16, --quick 8).")
    var clients: Int?

    @Option(parsing: .unconditional, help: "Requests over all clients (steady, cold-start; default 20000, --quick 2000).")
    var requests: Int?

    @Option(parsing: .unconditional, help: "Run for this long instead of a number of requests (stampede: 10.5s, --quick 3.5s).")
    var duration: DurationArgument?

    @Option(parsing: .unconditional, help: "Products in the catalogue (default 10000, --quick 1000).")
    var products: Int?

    @Option(parsing: .unconditional, help: "Zipf exponent of product popularity (0: uniform).")
    var zipf = 1.0

    @Option(name: .customLong("write-ratio"), parsing: .unconditional, help: "Share of requests that update a product.")
    var writeRatio = 0.02

    @Option(name: .customLong("missing-ratio"), parsing: .unconditional, help: "Share of reads for ids that do not exist.")
    var missingRatio = 0.02

    @Option(name: .customLong("featured-ratio"), parsing: .unconditional, help: "Share of reads that run the featured-products query.")
    var featuredRatio = 0.1

    @Option(
        name: .customLong("create-ratio"), parsing: .unconditional,
        help:
            "Share of requests that create a product under a missing id (steady; default 0). Like the tutorial's create path, a creation does nothing to the cache."
    )
    var createRatio = 0.0

    @Option(help: "What an update does to the cache: delete, update or none (creations touch no cache).")
    var invalidate: Invalidation = .delete

    @Option(parsing: .unconditional, help: "Cache TTL (default 60s; stampede 2s, race 5s; halved with --quick).")
    var ttl: DurationArgument?

    @Option(name: .customLong("ttl-jitter"), parsing: .unconditional, help: "Spread each TTL by up to ± this share (0.1 = ±10%).")
    var ttlJitter = 0.0

    @Option(
        name: .customLong("negative-ttl"), parsing: .unconditional,
        help:
            "lock, xfetch, swr: cache 'not found' as a tombstone for this long (default: never). naive caches it as the tutorial does, as JSON null for the full TTL."
    )
    var negativeTTL: DurationArgument?

    @Option(
        name: .customLong("missing-as"), parsing: .unconditional,
        help:
            "naive: what the tutorial's fetcher returns for a missing row: null (cached as \"null\", a hit meaning not found) or undefined (cached as an empty string, which if (cached) reads as a miss every time)."
    )
    var missingAs = MissingRow.null

    @Option(parsing: .unconditional, help: "XFetch's beta: above 1 recomputes earlier (default 1; xfetch only).")
    var beta: Double?

    @Option(name: .customLong("db"), help: "SQLite file to create the catalogue in (default: a temporary file).")
    var databasePath: String?

    @Option(
        name: .customLong("db-latency"), parsing: .unconditional,
        help: "Milliseconds added to every database query (a database across a network).")
    var dbLatency = 5.0

    @Option(
        parsing: .unconditional,
        help:
            "Width of the buckets the database's queries are counted in, for the busiest one (peak_backend_queries_per_bucket; default 100ms)."
    )
    var bucket = DurationArgument(seconds: 0.1)

    public init() {}

    public func validate() throws {
        _ = try strategies()
        try OptionBounds.check("--clients", clients, 1...2000, "clients")
        try OptionBounds.check("--requests", requests, 1...100_000_000)
        try OptionBounds.check("--products", products, 1...5_000_000)
        try OptionBounds.check("--duration", duration, 0.001...86_400)
        // Up to 30 days: a TTL is sent in milliseconds and kept as microseconds.
        try OptionBounds.check("--ttl", ttl, 0.001...2_592_000)
        try OptionBounds.check("--negative-ttl", negativeTTL, 0.001...2_592_000)
        for (name, value) in [
            ("--write-ratio", writeRatio), ("--missing-ratio", missingRatio), ("--featured-ratio", featuredRatio),
            ("--ttl-jitter", ttlJitter), ("--create-ratio", createRatio),
        ] {
            try OptionBounds.check(name, value, 0...1, "(a share)")
        }
        try OptionBounds.check("--zipf", zipf, 0...10)
        if let beta { try OptionBounds.check("--beta", beta, above: 0, upTo: 100) }
        try refuseIgnoredOptions()
        try OptionBounds.check("--db-latency", dbLatency, 0...10_000, "ms")
        // Whole milliseconds, up to a minute.
        try OptionBounds.check("--bucket", bucket, 0.001...60)
        if abs(bucket.seconds * 1000 - (bucket.seconds * 1000).rounded()) > 1e-6 {
            throw ValidationError("--bucket \(bucket): whole milliseconds")
        }
        if let databasePath { try Self.checkWritable(databasePath) }
    }

    /// An option that none of the chosen strategies would use is refused, not ignored.
    private func refuseIgnoredOptions() throws {
        let chosen = try strategies()
        if beta != nil && !chosen.contains(.xfetch) {
            throw ValidationError("--beta is XFetch's parameter: it changes nothing without --strategy xfetch (or all)")
        }
        if missingAs == .undefined && !chosen.contains(.naive) {
            throw ValidationError(
                "--missing-as undefined is about the tutorial's code: it changes nothing without --strategy naive (or all)")
        }
        if createRatio > 0 && scenario != .steady {
            throw ValidationError("--create-ratio is part of the steady workload: --scenario \(scenario.rawValue) creates nothing")
        }
        if ttlJitter > 0 && chosen.allSatisfy({ $0 == .none }) {
            throw ValidationError("--ttl-jitter spreads the TTLs of cached values: --strategy none caches nothing")
        }
        if negativeTTL != nil && chosen.allSatisfy({ $0 == .none || $0 == .naive }) {
            throw ValidationError(
                "--negative-ttl applies to lock, xfetch and swr: none caches nothing, and naive caches 'not found' as the tutorial's code does (JSON null, for the full TTL)"
            )
        }
    }

    func strategies() throws -> [CacheStrategy] {
        try NameList.parse("--strategy", strategy, choices: CacheStrategy.allCases, name: \.rawValue)
    }

    /// The database file must be creatable: its directory exists and is writable.
    static func checkWritable(_ path: String) throws {
        let directory = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        let folder = directory.isEmpty ? "/" : directory
        var info = stat()
        guard stat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw ValidationError("--db \(path): the directory \(folder) does not exist")
        }
        guard access(folder, W_OK) == 0 else { throw ValidationError("--db \(path): the directory \(folder) is not writable") }
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFREG else { throw ValidationError("--db \(path): not a regular file") }
            guard access(path, W_OK) == 0 else { throw ValidationError("--db \(path): the file is not writable") }
        }
    }
}
