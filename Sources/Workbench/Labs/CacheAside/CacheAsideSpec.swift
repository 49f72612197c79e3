import ArgumentParser
import Labs

/// `rwb lab cache-aside`: options to configuration, report to text.
public enum CacheAsideSpec: LabSpec {
    public static func lab(from options: CacheAsideOptions, quick: Bool) throws -> CacheAsideLab {
        let scenario = options.scenario
        let scale = quick ? 0.5 : 1.0
        let defaultTTL: Double
        switch scenario {
        case .stampede: defaultTTL = 2 * scale
        case .race: defaultTTL = 5 * scale
        case .steady, .coldStart: defaultTTL = 60
        }
        // Not a whole number of TTLs: the run ends between expiries, not on one.
        let duration = options.duration?.seconds ?? (scenario == .stampede ? (quick ? 3.5 : 10.5) : nil)
        return CacheAsideLab(
            strategies: try options.strategies(), scenario: scenario, clients: options.clients ?? (quick ? 8 : 16),
            requests: duration == nil ? (options.requests ?? (quick ? 2000 : 20_000)) : nil, durationSeconds: duration,
            products: options.products ?? (quick ? 1000 : 10_000), zipf: options.zipf, writeRatio: options.writeRatio,
            missingRatio: options.missingRatio, featuredRatio: options.featuredRatio, invalidate: options.invalidate,
            ttlSeconds: options.ttl?.seconds ?? defaultTTL, ttlJitter: options.ttlJitter, negativeTTLSeconds: options.negativeTTL?.seconds,
            beta: options.beta ?? 1, dbLatencyMs: options.dbLatency, databasePath: options.databasePath,
            bucketMs: Int((options.bucket.seconds * 1000).rounded()), createRatio: options.createRatio,
            missingRow: options.missingAs)
    }

    public static func render(_ report: CacheAsideReport, style: TextStyle) -> String {
        let results = report.strategies.values
        var text =
            "Scenario \(report.scenario.rawValue): \(report.clients) clients, \(report.products) products, "
            + "database latency \(Format.number(report.dbLatencyMs)) ms per query, TTL \(Format.number(report.ttlSeconds))s, "
            + "writes \(report.invalidate.rawValue) the cached value.\n\n"
        text += table(report, results).render(style: style)
        if results.count > 1 {
            var queries = BarChart(title: "\nDatabase queries")
            var p99 = BarChart(title: "\np99 latency")
            for result in results {
                queries.add(result.strategy.rawValue, Double(result.backendQueries), text: Format.grouped(result.backendQueries))
                p99.add(result.strategy.rawValue, result.latencyMs.p99, text: "\(Format.number(result.latencyMs.p99)) ms")
            }
            text += queries.render(style: style) + p99.render(style: style)
        }
        text += Format.whatThisShows(CacheAsideExplanation.sentences(report), style: style)
        return text
    }

    private static func table(_ report: CacheAsideReport, _ results: [CacheStrategyResult]) -> TextTable {
        var headers = ["strategy", "requests", "hit ratio", "db queries"]
        switch report.scenario {
        case .stampede: headers += ["expiries", "per expiry"]
        case .coldStart: headers += ["distinct keys"]
        case .steady: headers += ["peak/\(report.bucketMs) ms", "expiring/\(report.bucketMs) ms"]
        case .race: break
        }
        let creates = results.contains { $0.created > 0 }
        if creates { headers += ["created", "not found after"] }
        headers += ["max at once", "stale reads", "stale for", "missing→db", "p50 ms", "p99 ms", "cmds/req", "req/s"]
        var table = TextTable(headers)
        for result in results {
            var row = [
                result.strategy.rawValue, Format.grouped(result.requests), Format.ratio(result.hitRatio),
                Format.grouped(result.backendQueries),
            ]
            switch report.scenario {
            case .stampede: row += [result.expiries.map(Format.grouped) ?? "–", result.backendQueriesPerExpiry.map(Format.number) ?? "–"]
            case .coldStart: row += [result.distinctKeys.map(Format.grouped) ?? "–"]
            case .steady:
                row += [Format.grouped(result.peakBackendQueriesPerBucket), result.peakKeysExpiringPerBucket.map(Format.grouped) ?? "–"]
            case .race: break
            }
            if creates {
                row += [
                    Format.grouped(result.created),
                    result.readsNotFoundAfterCreate == 0
                        ? "0"
                        : "\(Format.grouped(result.readsNotFoundAfterCreate)), \(Format.grouped(Int(result.notFoundAfterCreateMs.rounded()))) ms",
                ]
            }
            row += [
                String(result.maxConcurrentBackend), Format.grouped(result.staleReads),
                result.staleReads == 0 ? "–" : "\(Format.grouped(Int(result.staleForMs))) ms",
                Format.grouped(result.negativeLookupsToBackend),
                Format.number(result.latencyMs.p50), Format.number(result.latencyMs.p99), Format.number(result.commandsPerRequest),
                Format.grouped(Int(result.requestsPerSec)),
            ]
            table.add(row)
        }
        return table
    }
}
