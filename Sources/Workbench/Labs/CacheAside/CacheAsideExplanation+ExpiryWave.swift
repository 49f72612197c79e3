import Labs

extension CacheAsideExplanation {
    /// The steady cache is warmed at once: with one TTL its keys expire together. What the
    /// server said of the warmed keys' TTLs (`peak_keys_expiring_per_bucket`,
    /// `expiry_spread_ms`) says whether they will, whatever the machine's speed; the
    /// database's busiest bucket says whether the refills came within the run. "Expire
    /// together" is said when the expiries are no further apart than the warm-up took (a
    /// 10,000-key warm-up takes about a second, so fewer than half may share one bucket).
    static func expiryWave(_ report: CacheAsideReport) -> [String] {
        let jitter = report.ttlJitter == 0 ? "no TTL jitter" : "TTLs spread by ±\(Format.percent(report.ttlJitter))"
        let warmed = report.strategies.values.filter { ($0.warmedKeys ?? 0) > 0 }
        var sentences: [String] = []
        let together = warmed.filter { keysExpireTogether($0, bucketMs: report.bucketMs) }
        if !together.isEmpty {
            let keys = together.compactMap(\.warmedKeys).max() ?? 0
            let peak = together.compactMap(\.peakKeysExpiringPerBucket).max() ?? 0
            let spread = together.compactMap(\.expirySpreadMs).max() ?? 0
            let warmUp = together.compactMap(\.warmUpMs).max() ?? 0
            sentences.append(
                "With \(jitter), the keys \(Format.list(together.map(\.strategy.rawValue))) warmed expire together, as fast as they were written: \(Format.grouped(keys)) keys within \(Format.grouped(spread)) ms (the warm-up took \(Format.grouped(warmUp)) ms), up to \(Format.grouped(peak)) in one \(report.bucketMs) ms (PTTL, read from Redis after the warm-up)."
            )
        }
        let apart = warmed.filter { !keysExpireTogether($0, bucketMs: report.bucketMs) }
        if !apart.isEmpty {
            let peak = apart.compactMap(\.peakKeysExpiringPerBucket).max() ?? 0
            let spread = apart.compactMap(\.expirySpreadMs).min() ?? 0
            let warmUp = apart.compactMap(\.warmUpMs).max() ?? 0
            sentences.append(
                "With \(jitter), the keys \(Format.list(apart.map(\.strategy.rawValue))) warmed expire over at least \(DurationArgument(seconds: (Double(spread) / 100).rounded(.down) / 10)), longer than the warm-up took (\(Format.grouped(warmUp)) ms), no more than \(Format.grouped(peak)) in one \(report.bucketMs) ms (PTTL, read from Redis after the warm-up)."
            )
        }
        return sentences + databaseWave(report)
    }

    /// The expiries are no further apart than the warm-up took, give or take one bucket: each
    /// batch of PTTL replies is dated when it arrived, up to a round trip after the server
    /// answered, and the round trips of two batches may differ.
    static func keysExpireTogether(_ result: CacheStrategyResult, bucketMs: Int) -> Bool {
        guard let keys = result.warmedKeys, let spread = result.expirySpreadMs, let warmUp = result.warmUpMs else { return false }
        return keys >= 2 && spread <= warmUp + bucketMs
    }

    /// The database's busiest bucket (counted by the database). "Most in one bucket" is said
    /// only when more than half of a strategy's queries started in that bucket, and blamed on
    /// the warm-up only when its keys expire together and that bucket is when they expire.
    private static func databaseWave(_ report: CacheAsideReport) -> [String] {
        let caching = report.strategies.values.filter { $0.strategy.caches && $0.backendQueries > 0 }
        guard !caching.isEmpty else { return [] }
        let parts = caching.map {
            "\($0.strategy.rawValue) \(Format.grouped($0.peakBackendQueriesPerBucket)) of its \(Format.count($0.backendQueries, "query", plural: "queries"))"
        }
        var sentences = ["In the database's busiest \(report.bucketMs) ms, \(Format.list(parts)) started."]
        let bunched = caching.filter { $0.backendQueries >= 2 && $0.peakBackendQueriesPerBucket * 2 > $0.backendQueries }
        let refills = bunched.filter { refillsTheWarmUp($0, bucketMs: report.bucketMs) }.map(\.strategy.rawValue)
        let other = bunched.filter { !refillsTheWarmUp($0, bucketMs: report.bucketMs) }.map(\.strategy.rawValue)
        if !refills.isEmpty {
            sentences.append(
                "\(Format.list(refills)) ran more than half of \(refills.count == 1 ? "its" : "their") queries in that one bucket, when the keys warmed together expired: the refills came together."
            )
        }
        if !other.isEmpty {
            sentences.append(
                "\(Format.list(other)) ran more than half of \(other.count == 1 ? "its" : "their") queries in that one bucket.")
        }
        if bunched.isEmpty && report.ttlJitter > 0 {
            sentences.append("No strategy ran half its queries in one \(report.bucketMs) ms.")
        }
        return sentences
    }

    /// The database's busiest bucket overlaps the time the warmed keys expire, and they
    /// expire together.
    private static func refillsTheWarmUp(_ result: CacheStrategyResult, bucketMs: Int) -> Bool {
        guard keysExpireTogether(result, bucketMs: bucketMs), let peakAt = result.peakBucketAtMs, let first = result.firstExpiryAtMs,
            let spread = result.expirySpreadMs
        else { return false }
        return peakAt + bucketMs > first && peakAt <= first + spread
    }
}
