import Labs

/// "What this shows" for `analyze`, from its numbers.
enum AnalyzeExplanation {
    static func sentences(_ report: AnalyzeReport) -> [String] {
        var sentences: [String] = []
        if let biggest = report.byPattern.first, report.byPattern.count > 1 {
            sentences.append("\(biggest.name) holds \(Format.percent(biggest.share)) of the bytes in \(Format.grouped(biggest.keys)) keys.")
        }
        if report.totalKeys > 0, report.withoutTTL.keys > 0 {
            sentences.append(
                "\(Format.percent(report.withoutTTL.share)) of the memory is in \(Format.grouped(report.withoutTTL.keys)) keys without a TTL: \(whatFreesKeysWithoutTTL(report.memory))."
            )
        } else if report.totalKeys > 0 {
            sentences.append("Every key seen has a TTL.")
        }
        if report.memory.usedMemory < 10 << 20, report.memory.fragmentationRatio > 1.5 {
            sentences.append(
                "The fragmentation ratio of \(Format.number(report.memory.fragmentationRatio)) means little on a dataset this small: the resident size is mostly the allocator's fixed overhead."
            )
        }
        return sentences
    }

    /// What can remove a key without a TTL, by the server's policy: without maxmemory nothing
    /// is evicted whatever the policy (64-bit servers), noeviction never evicts, and volatile-*
    /// evict only keys with a TTL.
    static func whatFreesKeysWithoutTTL(_ memory: MemorySummary) -> String {
        let policy = memory.maxmemoryPolicy
        if policy == "noeviction" {
            return
                "nothing expires them and nothing evicts them (policy noeviction): only a delete frees them, and once memory is full writes fail with OOM"
        }
        if policy.hasPrefix("volatile-") {
            return "nothing expires them, and policy \(policy) evicts only keys with a TTL: only a delete frees them"
        }
        guard policy.hasPrefix("allkeys-") else { return "nothing expires them (policy \(policy))" }
        if memory.maxmemory == 0 {
            return "nothing expires them, and with no maxmemory set policy \(policy) never evicts: only a delete frees them"
        }
        return "nothing expires them, only eviction (policy \(policy), once \(Format.bytes(memory.maxmemory)) is used) or a delete"
    }
}
