import ArgumentParser
import Labs

/// `rwb lab hash-profiles` options.
public struct HashProfilesOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Profiles to store in each layout (default 10000, --quick 2000).")
    var profiles: Int?

    @Option(help: "hash, json, fields, bucketed, or all.")
    var layout = "all"

    @Option(parsing: .unconditional, help: "Profiles MEMORY USAGE is asked about per layout.")
    var sample = 200

    @Option(parsing: .unconditional, help: "Reads and updates of one field timed per layout (default 2000, --quick 300).")
    var operations: Int?

    @Option(parsing: .unconditional, help: "Connections updating one profile at once.")
    var clients = 8

    @Option(parsing: .unconditional, help: "Updates each of those clients makes (default 500, --quick 100).")
    var updates: Int?

    @Option(parsing: .unconditional, help: "The TTL put on every key to measure what a TTL costs.")
    var ttl = DurationArgument(seconds: 3600)

    @Option(
        name: .customLong("profile-writes"), parsing: .unconditional,
        help:
            "Profiles each cacheUserProfile variant writes whole, and as many again with the connection cut between HSET and EXPIRE (default 50, --quick 20)."
    )
    var profileWrites: Int?

    public init() {}

    public func validate() throws {
        _ = try layouts()
        try OptionBounds.check("--profiles", profiles, 1...2_000_000)
        try OptionBounds.check("--sample", sample, 1...100_000)
        try OptionBounds.check("--operations", operations, 1...10_000_000)
        try OptionBounds.check("--clients", clients, 1...1000)
        try OptionBounds.check("--updates", updates, 1...1_000_000)
        // Whole seconds (EXPIRE), up to a year.
        try OptionBounds.check("--ttl", ttl, 1...31_536_000)
        // Each cut write opens and closes a connection.
        try OptionBounds.check("--profile-writes", profileWrites, 1...10_000)
    }

    func layouts() throws -> [ProfileLayout] {
        try NameList.parse("--layout", layout, choices: ProfileLayout.allCases, name: \.rawValue)
    }
}

/// `rwb lab hash-profiles`: options to configuration, report to text.
public enum HashProfilesSpec: LabSpec {
    public static func lab(from options: HashProfilesOptions, quick: Bool) throws -> HashProfilesLab {
        HashProfilesLab(
            profiles: options.profiles ?? (quick ? 2000 : 10_000), layouts: try options.layouts(), sample: options.sample,
            timedOperations: options.operations ?? (quick ? 300 : 2000), clients: options.clients,
            updatesPerClient: options.updates ?? (quick ? 100 : 500), ttlSeconds: Int(options.ttl.seconds),
            profileWrites: options.profileWrites ?? (quick ? 20 : 50))
    }

    public static func render(_ report: HashProfilesReport, style: TextStyle) -> String {
        var text =
            "\(Format.grouped(report.profiles)) profiles (name, email, plan, lastActive) in each layout; "
            + "listpack limits: \(report.thresholds.entries) entries, \(report.thresholds.value)-byte values (CONFIG GET).\n\n"
        var table = TextTable([
            "layout", "encoding", "keys/profile", "bytes/profile", "used_memory/profile", "TTL adds", "read B", "update B", "read µs",
            "update µs",
        ])
        var chart = BarChart(title: "\nMemory per profile (MEMORY USAGE)")
        for layout in report.layouts {
            table.add([
                layout.layout.rawValue, layout.encoding, Format.number(layout.keysPerProfile), Format.grouped(layout.bytesPerProfile),
                Format.grouped(layout.usedMemoryPerProfile), "\(Format.number(layout.ttlOverheadBytes)) B",
                Format.grouped(layout.readFieldWireBytes),
                Format.grouped(layout.updateFieldWireBytes), Format.number(layout.readFieldUs), Format.number(layout.updateFieldUs),
            ])
            chart.add(layout.layout.rawValue, Double(layout.bytesPerProfile), text: "\(Format.grouped(layout.bytesPerProfile)) B")
        }
        text += table.render(style: style)
        if report.layouts.count > 1 { text += chart.render(style: style) }
        if let cliff = report.cliff {
            var sides = TextTable(["profile", "size", "encoding", "bytes"])
            sides.add([
                "longest value at the limit", "\(cliff.valueAtLimit.size) B", cliff.valueAtLimit.encoding,
                Format.grouped(cliff.valueAtLimit.bytes),
            ])
            sides.add([
                "one byte over", "\(cliff.valueOverLimit.size) B", cliff.valueOverLimit.encoding,
                Format.grouped(cliff.valueOverLimit.bytes),
            ])
            sides.add([
                "fields at the limit", "\(cliff.entriesAtLimit.size) fields", cliff.entriesAtLimit.encoding,
                Format.grouped(cliff.entriesAtLimit.bytes),
            ])
            sides.add([
                "one field more", "\(cliff.entriesOverLimit.size) fields", cliff.entriesOverLimit.encoding,
                Format.grouped(cliff.entriesOverLimit.bytes),
            ])
            text += "\nThe encoding cliff\n" + sides.render(style: style)
        }
        if let lost = report.lostUpdates {
            var updates = TextTable(["method", "lost", "retries", "final", "commands"])
            for (name, method) in [
                ("JSON read-modify-write", lost.jsonRmw), ("HINCRBY", lost.hincrby), ("WATCH/MULTI/EXEC", lost.watchMulti),
                ("Lua script", lost.lua),
            ] {
                updates.add([
                    name, Format.grouped(method.lost), Format.grouped(method.retries), Format.grouped(method.finalValue),
                    Format.grouped(method.commands),
                ])
            }
            text +=
                "\n\(lost.clients) clients × \(Format.grouped(lost.updatesPerClient)) increments of one profile's counter "
                + "(expected \(Format.grouped(lost.clients * lost.updatesPerClient)))\n" + updates.render(style: style)
        }
        if let write = report.profileWrite {
            var writes = TextTable(["cacheUserProfile as", "round trips", "commands", "without TTL", "after a cut: keys", "without TTL"])
            for variant in write.variants {
                writes.add([
                    variant.method.rawValue, Format.number(variant.roundTripsPerWrite), Format.number(variant.commandsPerWrite),
                    Format.grouped(variant.keysWithoutTTL), Format.grouped(variant.keysAfterCrash),
                    Format.grouped(variant.keysWithoutTTLAfterCrash),
                ])
            }
            text +=
                "\nHSET then EXPIRE (TTL \(write.ttlSeconds)s): \(Format.grouped(write.writes)) profiles written whole per variant, "
                + "as many with the connection cut between the two\n" + writes.render(style: style)
        }
        text += Format.whatThisShows(HashProfilesExplanation.sentences(report), style: style)
        return text
    }
}
