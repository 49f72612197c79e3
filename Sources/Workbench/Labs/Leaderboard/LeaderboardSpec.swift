import ArgumentParser
import Labs

/// `rwb lab leaderboard` options.
public struct LeaderboardOptions: ParsableArguments {
    @Option(help: "Sizes the sorted set grows through, comma-separated (default 1000,10000,100000,1000000; --quick up to 100000).")
    var sizes: String?

    @Option(parsing: .unconditional, help: "Timed operations of each kind on the largest set (default 2000, --quick 500).")
    var operations: Int?

    @Option(parsing: .unconditional, help: "Players who reach the same score, for the tie order.")
    var ties = 12

    @Option(name: .customLong("period-players"), parsing: .unconditional, help: "Players scoring in the per-day keys.")
    var periodPlayers = 1000

    @Option(
        name: .customLong("events-per-day"), parsing: .unconditional,
        help: "Point events a day, over two weeks of day keys (default 5000, --quick 1000).")
    var eventsPerDay: Int?

    public init() {}

    public func validate() throws {
        _ = try sizeList()
        try OptionBounds.check("--operations", operations, 1...1_000_000)
        try OptionBounds.check("--ties", ties, 2...1000)
        // More players than the few each week favours, so that those stand out.
        try OptionBounds.check("--period-players", periodPlayers, 20...1_000_000)
        try OptionBounds.check("--events-per-day", eventsPerDay, 1...1_000_000)
    }

    /// Up to eight distinct sizes, each from 1 to 2,000,000, ascending.
    func sizeList() throws -> [Int]? {
        guard let sizes else { return nil }
        let words = sizes.split(separator: ",", omittingEmptySubsequences: false)
        guard (1...8).contains(words.count) else { throw ValidationError("--sizes '\(sizes)': one to eight sizes separated by commas") }
        var list: [Int] = []
        for word in words {
            guard let size = Int(word) else { throw ValidationError("--sizes \(word): a whole number from 1 to 2000000") }
            try OptionBounds.check("--sizes", size, 1...2_000_000)
            guard !list.contains(size) else { throw ValidationError("--sizes \(size): named twice") }
            list.append(size)
        }
        return list.sorted()
    }
}

/// `rwb lab leaderboard`: options to configuration, report to text.
public enum LeaderboardSpec: LabSpec {
    public static func lab(from options: LeaderboardOptions, quick: Bool) throws -> LeaderboardLab {
        LeaderboardLab(
            sizes: try options.sizeList() ?? (quick ? [1000, 10_000, 100_000] : [1000, 10_000, 100_000, 1_000_000]),
            operations: options.operations ?? (quick ? 500 : 2000), tiedPlayers: options.ties, periodPlayers: options.periodPlayers,
            eventsPerDay: options.eventsPerDay ?? (quick ? 1000 : 5000))
    }

    public static func render(_ report: LeaderboardReport, style: TextStyle) -> String {
        var text =
            "One sorted set, a member per player; listpack limits: \(Format.grouped(report.thresholds.entries)) members, "
            + "\(Format.grouped(report.thresholds.value))-byte members (CONFIG GET zset-max-listpack-*).\n\n"
        var growth = TextTable(["members", "encoding", "bytes", "bytes/member", "ZADDs", "added per s"])
        for step in report.growth {
            growth.add([
                Format.grouped(step.members), step.encoding, Format.grouped(step.bytes), Format.number(step.bytesPerMember),
                Format.grouped(step.zaddCommands), Format.grouped(Int(step.membersAddedPerSec)),
            ])
        }
        text += "Growth (MEMORY USAGE … SAMPLES 0)\n" + growth.render(style: style)
        if let cliff = report.cliff {
            var sides = TextTable(["set", "members", "longest member", "encoding", "bytes", "bytes/member"])
            let rows: [(String, ZsetCliffSide?)] = [
                ("members at the limit", cliff.entriesAtLimit), ("one member more", cliff.entriesOverLimit),
                ("member at the byte limit", cliff.valueAtLimit), ("one byte longer", cliff.valueOverLimit),
            ]
            for case (let name, let side?) in rows {
                sides.add([
                    name, Format.grouped(side.members), "\(side.longestMember) B", side.encoding, Format.grouped(side.bytes),
                    Format.number(side.bytesPerMember),
                ])
            }
            text += "\nThe listpack cliff\n" + sides.render(style: style)
        }
        if !report.operations.isEmpty {
            var operations = TextTable(["operation", "count", "round trips", "p50 µs", "p99 µs", "per s", "model mismatches"])
            for result in report.operations {
                operations.add([
                    result.operation.rawValue, Format.grouped(result.count), String(result.roundTrips), Format.number(result.p50Us),
                    Format.number(result.p99Us), Format.grouped(Int(result.perSec)), Format.grouped(result.mismatches),
                ])
            }
            text += "\nOperations on \(Format.grouped(report.operationsOn)) members\n" + operations.render(style: style)
        }
        if let ties = report.ties {
            var rankings = TextTable(["score stored", "score", "out of arrival order", "model mismatches", "scores decoded wrong"])
            for (name, ranking) in [
                ("score alone", ties.plain), ("score × 2^\(ties.timeBits) + time left", ties.composite),
                ("the same past the bound", ties.compositeOverBound),
            ] {
                rankings.add([
                    name, Format.grouped(ranking.score), Format.grouped(ranking.outOfArrivalOrder), Format.grouped(ranking.modelMismatches),
                    Format.grouped(ranking.scoreDecodeErrors),
                ])
            }
            text +=
                "\n\(ties.players) players reaching \(Format.grouped(ties.score)) one after another\n"
                + "  arrival:  \(ties.arrivalOrder.joined(separator: " "))\n"
                + "  ZREVRANGE: \(ties.redisOrder.joined(separator: " "))\n" + rankings.render(style: style)
        }
        if let periods = report.periods {
            var keys = TextTable(["key", "members", "bytes", "top 10 vs model"])
            keys.add([
                "week \(periods.week) (ZUNIONSTORE of 7 day keys)", Format.grouped(periods.weekMembers),
                Format.grouped(periods.weekKeyBytes),
                "\(periods.weekTop10Mismatches) differ",
            ])
            keys.add(["its 7 day keys, together", "", Format.grouped(periods.dayKeysBytes), ""])
            keys.add([
                "all-time", Format.grouped(periods.allTimeMembers), Format.grouped(periods.allTimeKeyBytes),
                "\(periods.allTimeTop10Mismatches) differ",
            ])
            text +=
                "\nTwo weeks of points, \(Format.grouped(periods.eventsPerDay)) a day among \(Format.grouped(periods.players)) players, "
                + "each ZINCRBY'd into {board}:day:YYYYMMDD and the all-time key (\(Format.grouped(periods.zincrbyCommands)) ZINCRBYs)\n"
                + keys.render(style: style)
        }
        text += Format.whatThisShows(LeaderboardExplanation.sentences(report), style: style)
        return text
    }
}
