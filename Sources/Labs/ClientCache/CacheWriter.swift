import RedisClient

/// The writer: each SET carries the key's next version, and the ledger records it once
/// Redis has acknowledged it.
struct CacheWriter: Sendable {
    let connection: any LabConnection
    let ledger: VersionLedger
    let keyNames: [String]
    let clock: any WorkClock
    private var versions: [Int]

    init(connection: any LabConnection, ledger: VersionLedger, keyNames: [String], clock: any WorkClock) {
        self.connection = connection
        self.ledger = ledger
        self.keyNames = keyNames
        self.clock = clock
        versions = Array(repeating: 1, count: keyNames.count)
    }

    mutating func write(_ key: Int) async throws {
        versions[key] += 1
        try await connection.call("SET", keyNames[key], String(versions[key]))
        ledger.record(key: key, version: versions[key], at: clock.now)
    }
}
