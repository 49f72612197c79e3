import Labs

/// "What this shows": sentences built from the report's numbers, so a student can check
/// each one against the table.
enum CacheAsideExplanation {
    static func sentences(_ report: CacheAsideReport) -> [String] {
        let results = report.strategies
        var sentences: [String] = []
        switch report.scenario {
        case .stampede:
            if let naive = results["naive"], let perExpiry = naive.backendQueriesPerExpiry {
                sentences.append(
                    "Each time the hot key expired (\(Format.count(naive.expiries ?? 0, "time"))), naive sent \(Format.number(perExpiry)) queries per expiry, up to \(naive.maxConcurrentBackend) at once."
                )
            }
            if let lock = results["lock"] {
                let per = lock.backendQueriesPerExpiry.map { "\(Format.number($0)) per expiry" } ?? "\(lock.backendQueries) in all"
                let held = (lock.lockWaitsGivenUp ?? 0) + (lock.locksExpiredWhileHeld ?? 0) == 0
                sentences.append(
                    "lock sent \(per), never more than \(lock.maxConcurrentBackend) at once"
                        + (held ? ": the other clients waited for the one holding the lock." : "."))
            }
            if let xfetch = results["xfetch"] { sentences.append(xfetchSentence(xfetch)) }
            if let swr = results["swr"] { sentences.append(swrSentence(swr)) }
        case .coldStart:
            if let base = results.values.first(where: { $0.distinctKeys != nil }), let distinct = base.distinctKeys {
                sentences.append(
                    "The clients asked for \(Format.grouped(distinct)) distinct keys on an empty cache, so \(Format.grouped(distinct)) queries is the least any cache can do."
                )
                for result in results.values where result.strategy.caches && result.backendQueries != distinct {
                    sentences.append(
                        "\(result.strategy.rawValue) ran \(Format.grouped(result.backendQueries)) (\(Format.grouped(result.backendQueries - distinct)) more: clients that missed the same key at the same time each queried it)."
                    )
                }
                let exact = results.values.filter { $0.strategy.caches && $0.backendQueries == distinct }.map(\.strategy.rawValue)
                if !exact.isEmpty { sentences.append("\(Format.list(exact)) ran exactly \(Format.grouped(distinct)).") }
            }
        case .race:
            let stale = results.values.filter { $0.staleReads > 0 }
            if !stale.isEmpty {
                let longest = stale.map(\.staleForMs).max() ?? 0
                sentences.append(
                    "The reader cached the old row after the writer had committed a new one and \(report.invalidate == .delete ? "deleted" : report.invalidate == .update ? "rewritten" : "left") the key: \(Format.list(stale.map(\.strategy.rawValue))) served the old version \(stale.map(\.staleReads).min() ?? 0) to \(stale.map(\.staleReads).max() ?? 0) times, for up to \(Format.grouped(Int(longest))) ms."
                )
                sentences += staleEnds(stale, ttlSeconds: report.ttlSeconds)
            }
            let fresh = results.values.filter { $0.staleReads == 0 }.map(\.strategy.rawValue)
            if !fresh.isEmpty { sentences.append("\(Format.list(fresh)) served no stale read.") }
        case .steady:
            if let best = results.values.filter(\.strategy.caches).max(by: { $0.hitRatio < $1.hitRatio }) {
                sentences.append(
                    "With a warmed cache \(best.strategy.rawValue) answered \(Format.percent(best.hitRatio)) of reads from Redis and the database ran \(Format.grouped(best.backendQueries)) queries for \(Format.grouped(best.requests)) requests."
                )
            }
            if let none = results["none"] {
                sentences.append(
                    "Without a cache every read was a query: \(Format.grouped(none.backendQueries)), p99 \(Format.number(none.latencyMs.p99)) ms."
                )
            }
            let stale = results.values.filter { $0.staleReads > 0 }
            if !stale.isEmpty {
                sentences.append(
                    "Under writes, \(stale.map { "\($0.strategy.rawValue) returned \($0.staleReads) stale reads" }.joined(separator: ", ")); the longest lasted \(Format.grouped(Int(stale.map(\.staleForMs).max() ?? 0))) ms."
                )
            }
            let negative = results.values.filter { $0.negativeLookupsToBackend > 0 }
            if !negative.isEmpty {
                sentences.append(
                    "Reads of missing ids reached the database \(negative.map { "\(Format.grouped($0.negativeLookupsToBackend)) times with \($0.strategy.rawValue)" }.joined(separator: ", "))."
                )
            }
            sentences += creations(results.values)
            sentences += falsyValues(report)
            sentences += expiryWave(report)
        }
        sentences += lockFailures(results.values)
        return sentences
    }

    /// "Recomputed before expiry" is what xfetch is for, and said only when it held: no
    /// expiry. Otherwise the expiries are counted and so is what they cost.
    private static func xfetchSentence(_ xfetch: CacheStrategyResult) -> String {
        let expired = xfetch.expiries ?? 0
        guard expired > 0 else {
            return
                "xfetch recomputed before expiry: the key never expired and the database ran \(Format.grouped(xfetch.backendQueries)) queries."
        }
        let per = xfetch.backendQueriesPerExpiry.map { ", \(Format.number($0)) per expiry" } ?? ""
        return
            "xfetch did not always recompute in time: the key expired \(Format.count(expired, "time")), and the database ran \(Format.grouped(xfetch.backendQueries)) queries\(per), up to \(xfetch.maxConcurrentBackend) at once."
    }

    /// How many refreshed is counted (`refreshes`); a report without the count says nothing
    /// about refreshers.
    private static func swrSentence(_ swr: CacheStrategyResult) -> String {
        let served = "swr answered \(Format.grouped(swr.servedStale)) reads with a value past its soft expiry"
        guard let refreshes = swr.refreshes else { return served + " (\(Format.grouped(swr.backendQueries)) queries)." }
        return served
            + "; \(Format.count(refreshes, "background refresh", plural: "background refreshes")) ran (\(Format.count(swr.backendQueries, "query", plural: "queries")) in all)."
    }

    /// Whether the stale value ended with its TTL, ended sooner or later, or was still served
    /// when the observer stopped watching (`CacheAsideLab.raceWatchSeconds`): the observer
    /// reads every 25 ms, so its last stale read comes up to a read's time before the end.
    static func staleEnds(_ stale: [CacheStrategyResult], ttlSeconds: Double) -> [String] {
        let watchMs = CacheAsideLab.raceWatchSeconds(ttlSeconds: ttlSeconds) * 1000
        var atTTL: [String] = []
        var other: [String] = []
        for result in stale {
            let name = result.strategy.rawValue
            let ttlMs = result.strategy.storedTTLSeconds(ttlSeconds) * 1000
            let tolerance = max(100, ttlMs * 0.1)
            let lasted = "\(Format.number(result.staleForMs.rounded())) ms"
            if result.staleForMs >= watchMs - 100 {
                other.append("\(name) was still serving the old version when the observer stopped watching, \(lasted) after the commit.")
            } else if abs(result.staleForMs - ttlMs) <= tolerance {
                atTTL.append(name)
            } else {
                let ttl = DurationArgument(seconds: ttlMs / 1000)
                other.append(
                    "With \(name) the old version stopped being served after \(lasted), \(result.staleForMs < ttlMs ? "sooner" : "later") than its TTL (\(ttl)) would have ended it."
                )
            }
        }
        let ended = atTTL.isEmpty ? [] : ["With \(Format.list(atTTL)) it lasted until the TTL ran out."]
        return ended + other
    }

    /// A lock protects only while its holder is faster than the lock's TTL; when it was
    /// not, the queries it let through are named rather than left unexplained.
    private static func lockFailures(_ results: [CacheStrategyResult]) -> [String] {
        results.compactMap { result in
            let gaveUp = result.lockWaitsGivenUp ?? 0
            let expired = result.locksExpiredWhileHeld ?? 0
            guard gaveUp + expired > 0 else { return nil }
            var parts: [String] = []
            if expired > 0 {
                parts.append(
                    "\(Format.count(expired, "lock")) expired while \(expired == 1 ? "its holder was" : "their holders were") still filling"
                )
            }
            if gaveUp > 0 {
                parts.append(
                    "\(Format.count(gaveUp, "waiting client")) gave up waiting and queried the database \(gaveUp == 1 ? "itself" : "themselves")"
                )
            }
            return
                "With \(result.strategy.rawValue), \(parts.joined(separator: " and ")): a holder slower than the lock's TTL (a slow query, or a process starved of CPU) lets more than one query through."
        }
    }
}
