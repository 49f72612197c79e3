extension ServerInfo {
    /// The fields `rwb top` reads, added up over the masters of a cluster: counters and
    /// sizes are summed, the fragmentation ratio recomputed from the sums, the keyspace
    /// lines (`db0:keys=…,expires=…`) summed per database; text fields come from the first.
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
            var keys = 0
            var expires = 0
            for info in infos {
                guard let line = info[database] else { continue }
                for part in line.split(separator: ",") {
                    let pair = part.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2, let number = Int(pair[1]) else { continue }
                    if pair[0] == "keys" { keys += number }
                    if pair[0] == "expires" { expires += number }
                }
            }
            total.fields[database] = "keys=\(keys),expires=\(expires)"
        }
        return total
    }

    /// INFO fields whose cluster-wide value is the sum over the masters.
    static let additive = [
        "total_commands_processed", "keyspace_hits", "keyspace_misses", "used_memory", "maxmemory", "used_memory_rss",
        "used_memory_peak", "used_memory_dataset", "used_memory_overhead",
        "evicted_keys", "expired_keys", "connected_clients", "blocked_clients", "total_net_input_bytes", "total_net_output_bytes",
    ]
}
