extension ServerInfo {
    /// The fields `rwb top` reads, added up over the masters of a cluster: counters and
    /// sizes are summed, the fragmentation ratio recomputed from the sums, the keyspace
    /// lines (`db0:keys=…,expires=…`) summed per database, the command statistics
    /// (`cmdstat_get:calls=…,usec=…`) summed per command; text fields come from the first.
    public static func summed(_ infos: [ServerInfo]) -> ServerInfo {
        guard var total = infos.first else { return ServerInfo("") }
        for name in additive {
            let values = infos.compactMap { $0.int(name) }
            if !values.isEmpty { total.fields[name] = String(values.reduce(0, +)) }
        }
        if let rss = total.int("used_memory_rss"), let used = total.int("used_memory"), used > 0 {
            total.fields["mem_fragmentation_ratio"] = String((Double(rss) / Double(used) * 100).rounded() / 100)
        }
        let databases = Set(infos.flatMap { $0.fields.keys.filter { $0.hasPrefix("db") && Int($0.dropFirst(2)) != nil } })
        for database in databases {
            let rows = infos.compactMap { info in info[database].flatMap { KeyspaceRow(database: database, line: $0) } }
            total.fields[database] = "keys=\(rows.reduce(0) { $0 + $1.keys }),expires=\(rows.reduce(0) { $0 + $1.expires })"
        }
        for name in Set(infos.flatMap { $0.fields.keys.filter { $0.hasPrefix("cmdstat_") } }) {
            total.fields[name] = summedCommandStat(infos.compactMap { $0[name] })
        }
        return total
    }

    /// `calls=3,usec=30,usec_per_call=10.00,rejected_calls=0,failed_calls=0` lines added up,
    /// the time per call recomputed from the sums.
    static func summedCommandStat(_ lines: [String]) -> String {
        var sums: [(name: String, value: Int64)] = []
        for line in lines {
            for (name, value) in subfields(line) where name != "usec_per_call" {
                guard let number = Int64(value) else { continue }
                if let index = sums.firstIndex(where: { $0.name == name }) {
                    sums[index].value += number
                } else {
                    sums.append((name, number))
                }
            }
        }
        let order = ["calls", "usec", "rejected_calls", "failed_calls"]
        sums.sort { (order.firstIndex(of: $0.name) ?? order.count) < (order.firstIndex(of: $1.name) ?? order.count) }
        var parts = sums.map { "\($0.name)=\($0.value)" }
        if let calls = sums.first(where: { $0.name == "calls" })?.value, let usec = sums.first(where: { $0.name == "usec" })?.value,
            calls > 0
        {
            parts.insert("usec_per_call=\((Double(usec) / Double(calls) * 100).rounded() / 100)", at: min(2, parts.count))
        }
        return parts.joined(separator: ",")
    }

    /// INFO fields whose cluster-wide value is the sum over the masters.
    static let additive = [
        "total_commands_processed", "keyspace_hits", "keyspace_misses", "used_memory", "maxmemory", "used_memory_rss",
        "used_memory_peak", "used_memory_dataset", "used_memory_overhead",
        "evicted_keys", "expired_keys", "connected_clients", "blocked_clients", "total_net_input_bytes", "total_net_output_bytes",
    ]
}
