import Labs

/// "What this shows" for the eviction lab, from its numbers.
enum EvictionExplanation {
    static func sentences(_ report: EvictionReport) -> [String] {
        var sentences: [String] = []
        for result in report.results {
            guard let exact = EvictionSpec.exactFor(result.policy, report) else { continue }
            let gap = (result.hitRatio - exact) * 100
            sentences.append(
                "\(result.policy) hit \(Format.percent(result.hitRatio)) where the exact policy hits \(Format.percent(exact)) (\(gap >= 0 ? "+" : "")\(Format.number((gap * 10).rounded() / 10)) points)."
            )
        }
        if let reference = report.reference { sentences.append(boundSentence(reference.optimal, report)) }
        if let noEviction = report.results.first(where: { $0.policy == "noeviction" }), noEviction.oomErrors > 0 {
            sentences.append("noeviction refused \(Format.grouped(noEviction.oomErrors)) writes with OOM once memory was full.")
        }
        let volatileStuck = report.results.filter { $0.policy.hasPrefix("volatile-") && $0.oomErrors > 0 }
        if !volatileStuck.isEmpty {
            // Whether any key with a TTL was left when a write was refused is not counted.
            sentences.append(
                "\(Format.list(volatileStuck.map { "\($0.policy) refused \(Format.count($0.oomErrors, "write"))" })) with OOM: a volatile policy may evict only keys with a TTL."
            )
        }
        if let seconds = report.results.map(\.seconds).min() {
            let little = seconds < shortRunSeconds ? "; a run this short measures little of it" : ""
            sentences.append(
                "Redis's LRU clock ticks once a second: each run spanned about \(Format.number(seconds)) s, so it could tell apart at most that many ages\(little)."
            )
        }
        return sentences
    }

    /// Below this many seconds the LRU clock told apart too few ages to say much.
    static let shortRunSeconds = 5.0

    /// Belady's optimal bounds a cache of exactly `capacity_keys` keys; a row above it had a
    /// cache of another size (Redis's limit is in bytes), and the text says so, not "none could".
    private static func boundSentence(_ optimal: Double, _ report: EvictionReport) -> String {
        let above = report.results.filter { $0.hitRatio > optimal }
        guard !above.isEmpty else {
            return "No policy beat \(Format.percent(optimal)): Belady's optimal, which knows every request to come."
        }
        return
            "\(Format.list(above.map { "\($0.policy) (\(Format.percent($0.hitRatio)))" })) hit more than Belady's optimal (\(Format.percent(optimal))), "
            + "which is computed for exactly \(Format.count(report.capacityKeys, "key")): Redis's limit is in bytes, so its cache was not exactly that size and the bound is approximate."
    }
}
