import Labs

/// "What this shows" for the eviction lab, from its numbers.
enum EvictionExplanation {
    static func sentences(_ report: EvictionReport) -> [String] {
        var sentences: [String] = []
        for result in report.results {
            guard let exact = EvictionSpec.exactFor(result.policy, report) else { continue }
            let gap = (result.hitRatio - exact) * 100
            sentences.append("\(result.policy) hit \(Format.percent(result.hitRatio)) where the exact policy hits \(Format.percent(exact)) (\(gap >= 0 ? "+" : "")\(Format.number((gap * 10).rounded() / 10)) points).")
        }
        if let reference = report.reference {
            sentences.append("No policy could beat \(Format.percent(reference.optimal)): Belady's optimal, which knows every request to come.")
        }
        if let noEviction = report.results.first(where: { $0.policy == "noeviction" }), noEviction.oomErrors > 0 {
            sentences.append("noeviction refused \(Format.grouped(noEviction.oomErrors)) writes with OOM once memory was full.")
        }
        let volatileStuck = report.results.filter { $0.policy.hasPrefix("volatile-") && $0.oomErrors > 0 }
        if !volatileStuck.isEmpty {
            sentences.append("\(Format.list(volatileStuck.map(\.policy))) may evict only keys with a TTL; when none was left they refused writes too.")
        }
        if let seconds = report.results.map(\.seconds).min() {
            sentences.append("Redis's LRU clock ticks once a second: each run spanned about \(Format.number(seconds)) s, so it could tell apart at most that many ages; a faster run measures little.")
        }
        return sentences
    }
}
