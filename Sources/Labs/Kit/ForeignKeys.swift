extension LabContext {
    /// An allkeys eviction policy evicts any key of any database: a lab that sets one runs
    /// only where every key is its own.
    public func refuseIfOthersKeysCouldBeEvicted() async throws {
        let info = try await ServerInfo.fetch(["keyspace"], from: redis)
        let total = info.fields.filter { $0.key.hasPrefix("db") }.compactMap { KeyspaceRow(database: $0.key, line: $0.value)?.keys }.reduce(
            0, +)
        let ours = try await keys.count(using: redis)
        if total > ours {
            throw LabError(
                "this server holds \(total - ours) keys that are not the lab's, and eviction could remove any of them: run on an empty server, or with --local"
            )
        }
    }
}
