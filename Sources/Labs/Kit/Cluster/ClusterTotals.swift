import RESP
import RedisClient

// Whole-database figures on one server or a cluster: on a cluster each master answers for
// its own slots, so INFO, MEMORY STATS and DBSIZE are read from each and added up.

extension ServerInfo {
    /// INFO SECTION… of the server, or summed over the masters of a cluster
    /// (`ServerInfo.summed`: counters, sizes and command statistics).
    public static func fetchTotal(_ sections: [String], from connection: some LabConnection) async throws -> ServerInfo {
        guard let masters = connection.clusterMasters else { return try await fetch(sections, from: connection) }
        var infos: [ServerInfo] = []
        for master in masters { infos.append(try await fetch(sections, from: master)) }
        return summed(infos)
    }
}

extension MemoryStats {
    /// MEMORY STATS of the server, or every number summed over the masters of a cluster
    /// (the ratios among them then mean nothing; the byte counts add up).
    public static func fetchTotal(from connection: some LabConnection) async throws -> MemoryStats {
        guard let masters = connection.clusterMasters else { return try await fetch(from: connection) }
        var total = MemoryStats(.null)
        for master in masters { total.add(try await fetch(from: master)) }
        return total
    }
}

extension KeyspaceCounters {
    /// Keyspace hits, misses, expiries and evictions of the server, or of every master.
    public static func readTotal(from connection: some LabConnection) async throws -> KeyspaceCounters {
        KeyspaceCounters(try await ServerInfo.fetchTotal(["stats"], from: connection))
    }
}

extension LabConnection {
    /// DBSIZE of the server, or summed over the masters of a cluster.
    public func databaseSize() async throws -> Int64 {
        var total: Int64 = 0
        for node in clusterMasters ?? [self] { total += try await node.call("DBSIZE").int ?? 0 }
        return total
    }
}
