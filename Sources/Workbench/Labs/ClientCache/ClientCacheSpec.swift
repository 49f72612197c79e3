import ArgumentParser
import Labs

/// `rwb lab client-cache` options.
public struct ClientCacheOptions: ParsableArguments {
    @Option(help: "Variants: none, ttl, tracking, bcast, comma-separated, or all.")
    var variants = "all"

    @Option(parsing: .unconditional, help: "Readers, each with a local cache and a connection of its own (default 4, --quick 3).")
    var readers: Int?

    @Option(parsing: .unconditional, help: "Keys the readers read (Zipf: a few hot ones) and the writer changes (uniformly).")
    var keys = 50

    @Option(parsing: .unconditional, help: "Rounds of writes then reads (default 40, --quick 20).")
    var rounds: Int?

    @Option(parsing: .unconditional, help: "Reads each reader makes per round.")
    var reads = 10

    @Option(parsing: .unconditional, help: "SETs the writer makes per round.")
    var writes = 2

    @Option(parsing: .unconditional, help: "The ttl variant's local time to live (default 1s).")
    var ttl: DurationArgument?

    @Option(
        name: .customLong("hot-gets"), parsing: .unconditional,
        help: "Network GETs timed against 100 times as many local hits (default 2000, --quick 500; 0 skips).")
    var hotGets: Int?

    public init() {}

    public func validate() throws {
        let variants = try variantList()
        try OptionBounds.check("--readers", readers, 1...64)
        try OptionBounds.check("--keys", keys, 1...100_000)
        try OptionBounds.check("--rounds", rounds, 1...100_000)
        try OptionBounds.check("--reads", reads, 1...10_000)
        try OptionBounds.check("--writes", writes, 0...10_000)
        try OptionBounds.check("--ttl", ttl, 0.001...3600)
        try OptionBounds.check("--hot-gets", hotGets, 0...1_000_000)
        if ttl != nil, !variants.contains(.ttl) {
            throw ValidationError("--ttl: only the ttl variant keeps copies for a time; add ttl to --variants")
        }
    }

    func variantList() throws -> [ClientCacheVariant] {
        try NameList.parse("--variants", variants, choices: ClientCacheVariant.allCases, name: \.rawValue)
    }
}

/// `rwb lab client-cache`: options to configuration, report to text.
public enum ClientCacheSpec: LabSpec {
    /// The workload is drawn up front, every read of it: kept to a size that fits in memory.
    static let maxReads = 10_000_000

    public static func lab(from options: ClientCacheOptions, quick: Bool) throws -> ClientCacheLab {
        let readers = options.readers ?? (quick ? 3 : 4)
        let rounds = options.rounds ?? (quick ? 20 : 40)
        guard readers * rounds * options.reads <= maxReads else {
            throw ValidationError(
                "--readers \(readers) × --rounds \(rounds) × --reads \(options.reads): at most \(Format.grouped(maxReads)) reads in all")
        }
        return ClientCacheLab(
            variants: try options.variantList(), readers: readers, keys: options.keys,
            rounds: rounds, readsPerRound: options.reads, writesPerRound: options.writes,
            ttlMs: max(1, Int(((options.ttl?.seconds ?? 1) * 1000).rounded())), hotGets: options.hotGets ?? (quick ? 500 : 2000))
    }

    public static func render(_ report: ClientCacheReport, style: TextStyle) -> String {
        var text =
            "\(Format.count(report.readers, "reader")) × \(Format.count(report.rounds, "round")) of \(Format.count(report.readsPerRound, "read")) "
            + "over \(Format.count(report.keys, "key")) (Zipf), the writer changing \(report.writesPerRound) a round"
            + (report.lockstep["ttl"] == nil ? ".\n" : "; ttl keeps copies \(Format.grouped(report.ttlMs)) ms.\n")
        for (title, results) in [
            ("Lockstep (writes acknowledged and their pushes read before each round's reads)", report.lockstep),
            ("Running freely (writer and readers at once; timing-dependent)", report.concurrent),
        ] where !results.isEmpty {
            text += "\n\(title):\n"
            var table = TextTable([
                "variant", "reads", "local hits", "hit ratio", "GETs", "stale reads", "stale copies", "window max ms", "invalidations",
                "dropped in flight", "expiries",
            ])
            for (name, result) in results.entries {
                table.add([
                    name, Format.grouped(result.reads), Format.grouped(result.localHits), Format.ratio(result.hitRatio),
                    Format.grouped(result.networkGets), Format.grouped(result.staleReads), Format.grouped(result.staleCopies),
                    Format.number(result.staleWindowMaxMs), Format.grouped(result.invalidations), Format.grouped(result.repliesDropped),
                    Format.grouped(result.expiries),
                ])
            }
            text += table.render(style: style)
        }
        for (name, race) in report.inFlightRace.entries {
            text +=
                "\nIn-flight race (\(name)): GET answered version \(race.replyVersion), taken in after the invalidation of version "
                + "\(race.ackedVersion): with the in-flight mark \(Format.count(race.guardedDropped, "reply", plural: "replies")) dropped, "
                + "\(Format.count(race.guardedStaleReads, "stale read")) after; without it \(Format.count(race.unguardedStaleReads, "stale read")) after."
        }
        if !report.inFlightRace.isEmpty { text += "\n" }
        if let hot = report.hotLoop {
            text +=
                "\nHot loop (timing-dependent): \(Format.grouped(hot.localHits)) local hits at \(Format.grouped(Int(hot.localHitsPerSec)))/s, "
                + "\(Format.grouped(hot.networkGets)) GETs at \(Format.grouped(Int(hot.networkGetsPerSec)))/s: \(Format.number(hot.speedup))×.\n"
        }
        text +=
            "stale read: a local hit older than the version the writer had seen acknowledged when the read began; window: from that "
            + "acknowledgement to the push or expiry that removed the copy; dropped in flight: GET replies not kept because their "
            + "key's invalidation came while they were on their way.\n"
        text += Format.whatThisShows(ClientCacheExplanation.sentences(report), style: style)
        return text
    }
}
