import GRDB
import RedisClient
import Synchronization

/// One row of the catalogue. `version` grows with every update: a read that returns an
/// older version than one already committed is stale.
struct Product: Sendable, Equatable {
    var id: Int
    var name: String
    var category: String
    var priceCents: Int
    var featured: Bool
    var score: Int
    var version: Int

    /// The value cached in Redis: JSON as the tutorial's `JSON.stringify` writes it, with
    /// the version first so that a reader finds it without decoding the rest.
    var json: String {
        #"{"version":\#(version),"id":\#(id),"name":"\#(name)","category":"\#(category)","price_cents":\#(priceCents),"featured":\#(featured),"score":\#(score)}"#
    }

    /// The version of a cached product value, read from its first field.
    static func version(ofJSON bytes: some Collection<UInt8>) -> Int? {
        let head = Array("{\"version\":".utf8)
        guard bytes.count > head.count, bytes.starts(with: head) else { return nil }
        var version = 0
        var sawDigit = false
        for byte in bytes.dropFirst(head.count) {
            guard byte >= 0x30 && byte <= 0x39 else { break }
            version = version * 10 + Int(byte - 0x30)
            sawDigit = true
        }
        return sawDigit ? version : nil
    }
}

/// The lab's real database: a SQLite file through GRDB (a pool: readers run concurrently),
/// a seeded catalogue, and exact counts of every query it ran, how many ran at once, and
/// when each version of each product was committed.
final class ProductDatabase: Sendable {
    struct Counts: Sendable, Equatable {
        var queries = 0
        /// Queries for ids that do not exist.
        var negativeQueries = 0
        var inFlight = 0
        var maxInFlight = 0
        var writes = 0
        /// Rows inserted by creations (a creation of an id that exists inserts nothing).
        var created = 0
    }

    /// Queries per `bucketWidth` since the counts were last reset, by bucket index.
    struct Buckets: Sendable, Equatable {
        var origin: Duration = .zero
        var counts: [Int: Int] = [:]

        /// The busiest bucket: its query count and its index (the earliest of equals).
        var peak: (queries: Int, index: Int) {
            var best = (queries: 0, index: 0)
            for (index, count) in counts where count > best.queries || (count == best.queries && index < best.index) {
                best = (count, index)
            }
            return best
        }
    }

    /// The width of the buckets queries are counted in.
    let bucketWidth: Duration

    let path: String
    /// Added to every query, to stand for a database across a network.
    let latency: Duration
    private let pool: DatabasePool
    private let clock: any WorkClock
    private let counters = Mutex(Counts())
    private let buckets = Mutex(Buckets())
    /// When each version of each product was committed (version 1 at the start).
    private let commits = Mutex<[Int: [Duration]]>([:])

    static let featuredLimit = 10

    /// Creates (or replaces) the lab's table in the file at `path` and fills it with
    /// `products` rows drawn from `seed`.
    init(
        path: String, products: Int, seed: UInt64, latency: Duration, clock: any WorkClock, bucketWidth: Duration = .milliseconds(100)
    ) async throws {
        self.path = path
        self.bucketWidth = bucketWidth
        self.latency = latency
        self.clock = clock
        var configuration = Configuration()
        configuration.maximumReaderCount = 16
        pool = try DatabasePool(path: path, configuration: configuration)
        var generator = SeededGenerator(seed: seed).split(0xDB)
        let rows = (1...max(products, 1)).map { id -> Product in
            Product(
                id: id, name: "Product \(id)", category: Self.categories[generator.index(below: Self.categories.count)],
                priceCents: 100 + generator.index(below: 99_900), featured: generator.chance(0.2),
                score: generator.index(below: 1_000_000), version: 1)
        }
        try await pool.write { db in
            try db.execute(sql: "DROP TABLE IF EXISTS rwb_products")
            try db.execute(
                sql: """
                    CREATE TABLE rwb_products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL,
                      price_cents INTEGER NOT NULL, featured INTEGER NOT NULL, score INTEGER NOT NULL, version INTEGER NOT NULL)
                    """)
            try db.execute(sql: "CREATE INDEX rwb_products_featured ON rwb_products (featured, score)")
            let insert = try db.makeStatement(sql: "INSERT INTO rwb_products VALUES (?, ?, ?, ?, ?, ?, ?)")
            for row in rows {
                try insert.execute(arguments: [row.id, row.name, row.category, row.priceCents, row.featured, row.score, row.version])
            }
        }
        commits.withLock { commits in for row in rows { commits[row.id] = [.zero] } }
        let start = clock.now
        buckets.withLock { $0.origin = start }
    }

    static let categories = ["books", "games", "garden", "kitchen", "music", "outdoor", "tools", "toys"]

    var counts: Counts { counters.withLock { $0 } }

    /// Queries per `bucketWidth`, counted as each query starts.
    var queryBuckets: Buckets { buckets.withLock { $0 } }

    /// `SELECT … WHERE id = ?`: nil for an id that does not exist.
    func product(id: Int) async throws -> Product? {
        let found = try await query { db in
            try Row.fetchOne(db, sql: "SELECT * FROM rwb_products WHERE id = ?", arguments: [id]).map(Self.product)
        }
        if found == nil { counters.withLock { $0.negativeQueries += 1 } }
        return found
    }

    /// The tutorial's query: the top featured products.
    func featured() async throws -> [Product] {
        try await query { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM rwb_products WHERE featured = 1 ORDER BY score DESC LIMIT ?",
                arguments: [Self.featuredLimit]
            ).map(Self.product)
        }
    }

    /// Every row, for warming the cache: one statement, not counted, no added latency.
    func allProducts() async throws -> [Product] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM rwb_products ORDER BY id").map(Self.product) }
    }

    /// A price change: the version goes up by one, and the commit time is kept.
    func update(id: Int, priceCents: Int) async throws -> Product? {
        let updated = try await pool.write { db -> Product? in
            try db.execute(sql: "UPDATE rwb_products SET price_cents = ?, version = version + 1 WHERE id = ?", arguments: [priceCents, id])
            return try Row.fetchOne(db, sql: "SELECT * FROM rwb_products WHERE id = ?", arguments: [id]).map(Self.product)
        }
        let now = clock.now
        if let updated { commits.withLock { $0[updated.id, default: []].append(now) } }
        counters.withLock { $0.writes += 1 }
        return updated
    }

    /// A new product under `id`, version 1, unless the id exists: true if a row was inserted.
    /// Its commit time is kept as the time version 1 was committed.
    func create(id: Int, priceCents: Int) async throws -> Bool {
        let row = Product(
            id: id, name: "Product \(id)", category: Self.categories[id % Self.categories.count], priceCents: priceCents, featured: false,
            score: 0, version: 1)
        let inserted = try await pool.write { db -> Bool in
            try db.execute(
                sql: "INSERT OR IGNORE INTO rwb_products VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [row.id, row.name, row.category, row.priceCents, row.featured, row.score, row.version])
            return db.changesCount > 0
        }
        guard inserted else { return false }
        let now = clock.now
        commits.withLock { $0[id] = [now] }
        counters.withLock { $0.created += 1 }
        return true
    }

    /// The newest committed version of a product now.
    func committedVersion(of id: Int) -> Int? {
        commits.withLock { $0[id]?.count }
    }

    /// When `version` of a product was committed.
    func commitTime(of id: Int, version: Int) -> Duration? {
        commits.withLock { commits in
            guard let times = commits[id], version >= 1, version <= times.count else { return nil }
            return times[version - 1]
        }
    }

    /// Runs one read, counted, with the configured latency before it.
    private func query<T: Sendable>(_ body: @escaping @Sendable (GRDB.Database) throws -> T) async throws -> T {
        let now = clock.now
        buckets.withLock { buckets in
            buckets.counts[Int((now - buckets.origin) / bucketWidth), default: 0] += 1
        }
        counters.withLock { counts in
            counts.queries += 1
            counts.inFlight += 1
            counts.maxInFlight = max(counts.maxInFlight, counts.inFlight)
        }
        defer { counters.withLock { $0.inFlight -= 1 } }
        if latency > .zero { try await clock.sleep(for: latency) }
        return try await pool.read(body)
    }

    func resetCounts() {
        counters.withLock { $0 = Counts() }
        let now = clock.now
        buckets.withLock { $0 = Buckets(origin: now) }
    }

    private static func product(_ row: Row) -> Product {
        Product(
            id: row["id"], name: row["name"], category: row["category"], priceCents: row["price_cents"],
            featured: row["featured"], score: row["score"], version: row["version"])
    }
}
