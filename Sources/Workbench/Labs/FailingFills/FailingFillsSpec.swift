import ArgumentParser
import Labs

extension FillVariant: ExpressibleByArgument {}

/// `rwb lab failing-fills` options.
public struct FailingFillsOptions: ParsableArguments {
    @Option(help: "naive (the tutorial's SET, not awaited), awaited (its error counted), or all.")
    var variant = "all"

    @Option(parsing: .unconditional, help: "Product reads per run (default 2000, --quick 500).")
    var requests: Int?

    @Option(parsing: .unconditional, help: "Products in the catalogue (default 500, --quick 200).")
    var products: Int?

    @Option(parsing: .unconditional, help: "Zipf exponent of product popularity (0: uniform).")
    var zipf = 1.0

    @Option(parsing: .unconditional, help: "The fills' TTL, whole seconds (the tutorial's EX).")
    var ttl = DurationArgument(seconds: 3600)

    @Option(name: .customLong("db-latency"), parsing: .unconditional, help: "Milliseconds added to every database query.")
    var dbLatency = 1.0

    public init() {}

    public func validate() throws {
        _ = try variants()
        try OptionBounds.check("--requests", requests, 1...1_000_000)
        try OptionBounds.check("--products", products, 1...1_000_000)
        try OptionBounds.check("--zipf", zipf, 0...10)
        // EX takes whole seconds; up to 30 days.
        try OptionBounds.check("--ttl", ttl, 1...2_592_000)
        if ttl.seconds.rounded() != ttl.seconds { throw ValidationError("--ttl \(ttl): whole seconds (the tutorial's SET … EX)") }
        try OptionBounds.check("--db-latency", dbLatency, 0...1000, "ms")
    }

    func variants() throws -> [FillVariant] {
        try NameList.parse("--variant", variant, choices: FillVariant.allCases, name: \.rawValue)
    }
}

/// `rwb lab failing-fills`: options to configuration, report to text.
public enum FailingFillsSpec: LabSpec {
    public static func lab(from options: FailingFillsOptions, quick: Bool) throws -> FailingFillsLab {
        FailingFillsLab(
            variants: try options.variants(), requests: options.requests ?? (quick ? 500 : 2000),
            products: options.products ?? (quick ? 200 : 500),
            zipf: options.zipf, ttlSeconds: Int(options.ttl.seconds), dbLatencyMs: options.dbLatency)
    }

    public static func render(_ report: FailingFillsReport, style: TextStyle) -> String {
        var text =
            "\(Format.grouped(report.requests)) reads of \(Format.grouped(report.distinctKeys)) distinct products (of \(Format.grouped(report.products))) "
            + "through an empty cache, once with fills that work and once per variant on a full Redis (maxmemory \(report.maxmemory) B, noeviction).\n\n"
        var table = TextTable(["run", "hits", "fills sent", "fills failed", "failures seen", "OOM (server)", "db queries", "extra queries"])
        for (name, result) in rows(report) {
            table.add([
                name, Format.grouped(result.hits), Format.grouped(result.fillsSent), Format.grouped(result.failedFills),
                Format.grouped(result.failedFillsSeen),
                Format.grouped(result.serverOomErrors), Format.grouped(result.backendQueries), Format.grouped(result.extraBackendQueries),
            ])
        }
        text += table.render(style: style)
        text += Format.whatThisShows(FailingFillsExplanation.sentences(report), style: style)
        return text
    }

    static func rows(_ report: FailingFillsReport) -> [(String, FillRunResult)] {
        (report.working.map { [("naive, fills work", $0)] } ?? []) + report.full.map { ("\($0.variant.rawValue), Redis full", $0) }
    }
}

/// "What this shows" for failing-fills, from its counts.
enum FailingFillsExplanation {
    static func sentences(_ report: FailingFillsReport) -> [String] {
        var sentences: [String] = []
        if let working = report.working {
            sentences.append(
                "With fills that work the database ran \(Format.count(working.backendQueries, "query", plural: "queries")) for \(Format.count(report.distinctKeys, "distinct product"))."
            )
        }
        for result in report.full {
            let name = result.variant == .naive ? "The tutorial's fire-and-forget SET" : "Awaiting the SET"
            guard result.failedFills > 0 else {
                sentences.append("\(name): no fill failed on the full server (\(Format.count(result.fillsSent, "fill")) sent).")
                continue
            }
            switch result.variant {
            case .naive:
                let seen =
                    result.failedFillsSeen == 0
                    ? "the application saw none of them" : "the application saw \(Format.grouped(result.failedFillsSeen))"
                sentences.append(
                    "\(name) failed \(Format.grouped(result.failedFills)) of \(Format.count(result.fillsSent, "time")) on a full Redis and \(seen) (the replies were read after the run); "
                        + "each later read of those keys missed again: \(Format.count(result.backendQueries, "query", plural: "queries")), \(Format.grouped(result.extraBackendQueries)) more than one per product."
                )
            case .awaited:
                let error = result.firstError.map { " (\($0))" } ?? ""
                sentences.append(
                    "\(name) saw \(Format.grouped(result.failedFillsSeen)) of its \(Format.count(result.failedFills, "failed fill")) as errors\(error), "
                        + "to log and alert on; the database still ran \(Format.count(result.backendQueries, "query", plural: "queries")): awaiting makes the failure visible, not the cache work."
                )
            }
        }
        return sentences
    }
}
