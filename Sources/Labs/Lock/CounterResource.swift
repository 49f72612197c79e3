import GRDB

/// The resource the lock protects: one row in a SQLite file (through GRDB) holding a counter
/// and the highest fencing token that has reached it. Every access is one write transaction,
/// so the token check and the change it guards are atomic, as a fencing resource must make
/// them.
final class CounterResource: Sendable {
    private let queue: DatabaseQueue

    /// Creates (or replaces) the counter in the file at `path`, at 0.
    init(path: String) async throws {
        queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TABLE IF EXISTS rwb_lock_counter")
            try db.execute(sql: "CREATE TABLE rwb_lock_counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL, fence INTEGER NOT NULL)")
            try db.execute(sql: "INSERT INTO rwb_lock_counter VALUES (1, 0, 0)")
        }
    }

    /// The counter, read without a token.
    func read() async throws -> Int {
        try await queue.read { db in try Int.fetchOne(db, sql: "SELECT value FROM rwb_lock_counter WHERE id = 1") ?? 0 }
    }

    /// Sets the counter, unconditionally.
    func write(_ value: Int) async throws {
        try await queue.write { db in try db.execute(sql: "UPDATE rwb_lock_counter SET value = ? WHERE id = 1", arguments: [value]) }
    }

    /// The counter, read by the holder of `token`; nil (refused) when a higher token has
    /// reached the resource. The read records the token: a holder with a lower one, waking
    /// later, then cannot write over a value read after it.
    func read(fencedBy token: Int) async throws -> Int? {
        try await queue.write { db in
            try db.execute(sql: "UPDATE rwb_lock_counter SET fence = ? WHERE id = 1 AND fence <= ?", arguments: [token, token])
            guard db.changesCount == 1 else { return nil }
            return try Int.fetchOne(db, sql: "SELECT value FROM rwb_lock_counter WHERE id = 1")
        }
    }

    /// Sets the counter if no higher token than `token` has reached the resource; false when
    /// refused.
    func write(_ value: Int, fencedBy token: Int) async throws -> Bool {
        try await queue.write { db in
            try db.execute(
                sql: "UPDATE rwb_lock_counter SET value = ?, fence = ? WHERE id = 1 AND fence <= ?", arguments: [value, token, token])
            return db.changesCount == 1
        }
    }

    func close() throws {
        try queue.close()
    }
}
