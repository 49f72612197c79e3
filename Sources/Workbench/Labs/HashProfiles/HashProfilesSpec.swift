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

    public init() {}

    public func validate() throws {
        _ = try layouts()
        if let profiles, !(1...2_000_000).contains(profiles) { throw ValidationError("--profiles \(profiles): from 1 to 2000000") }
        if sample < 1 { throw ValidationError("--sample \(sample): at least 1") }
        if let operations, operations < 1 { throw ValidationError("--operations \(operations): at least 1") }
        if !(1...1000).contains(clients) { throw ValidationError("--clients \(clients): from 1 to 1000") }
        if let updates, updates < 1 { throw ValidationError("--updates \(updates): at least 1") }
        if ttl.seconds < 1 { throw ValidationError("--ttl \(ttl): at least 1s") }
    }

    func layouts() throws -> [ProfileLayout] {
        if layout.lowercased() == "all" { return ProfileLayout.allCases }
        return try layout.split(separator: ",").map { name in
            guard let known = ProfileLayout(rawValue: name.lowercased()) else {
                throw ValidationError("--layout \(name): one of \(ProfileLayout.allCases.map(\.rawValue).joined(separator: ", ")), or all")
            }
            return known
        }
    }
}

/// `rwb lab hash-profiles`: options to configuration, report to text.
public enum HashProfilesSpec: LabSpec {
    public static func lab(from options: HashProfilesOptions, quick: Bool) throws -> HashProfilesLab {
        HashProfilesLab(
            profiles: options.profiles ?? (quick ? 2000 : 10_000), layouts: try options.layouts(), sample: options.sample,
            timedOperations: options.operations ?? (quick ? 300 : 2000), clients: options.clients,
            updatesPerClient: options.updates ?? (quick ? 100 : 500), ttlSeconds: Int(options.ttl.seconds))
    }

    public static func render(_ report: HashProfilesReport, style: TextStyle) -> String {
        var text = "\(Format.grouped(report.profiles)) profiles (name, email, plan, lastActive) in each layout; "
            + "listpack limits: \(report.thresholds.entries) entries, \(report.thresholds.value)-byte values (CONFIG GET).\n\n"
        var table = TextTable(["layout", "encoding", "keys/profile", "bytes/profile", "used_memory/profile", "TTL adds", "read B", "update B", "read µs", "update µs"])
        var chart = BarChart(title: "\nMemory per profile (MEMORY USAGE)")
        for layout in report.layouts {
            table.add([
                layout.layout.rawValue, layout.encoding, Format.number(layout.keysPerProfile), Format.grouped(layout.bytesPerProfile),
                Format.grouped(layout.usedMemoryPerProfile), "\(Format.number(layout.ttlOverheadBytes)) B", Format.grouped(layout.readFieldWireBytes),
                Format.grouped(layout.updateFieldWireBytes), Format.number(layout.readFieldUs), Format.number(layout.updateFieldUs),
            ])
            chart.add(layout.layout.rawValue, Double(layout.bytesPerProfile), text: "\(Format.grouped(layout.bytesPerProfile)) B")
        }
        text += table.render(style: style)
        if report.layouts.count > 1 { text += chart.render(style: style) }
        if let cliff = report.cliff {
            var sides = TextTable(["profile", "size", "encoding", "bytes"])
            sides.add(["longest value at the limit", "\(cliff.valueAtLimit.size) B", cliff.valueAtLimit.encoding, Format.grouped(cliff.valueAtLimit.bytes)])
            sides.add(["one byte over", "\(cliff.valueOverLimit.size) B", cliff.valueOverLimit.encoding, Format.grouped(cliff.valueOverLimit.bytes)])
            sides.add(["fields at the limit", "\(cliff.entriesAtLimit.size) fields", cliff.entriesAtLimit.encoding, Format.grouped(cliff.entriesAtLimit.bytes)])
            sides.add(["one field more", "\(cliff.entriesOverLimit.size) fields", cliff.entriesOverLimit.encoding, Format.grouped(cliff.entriesOverLimit.bytes)])
            text += "\nThe encoding cliff\n" + sides.render(style: style)
        }
        if let lost = report.lostUpdates {
            var updates = TextTable(["method", "lost", "retries", "final", "commands"])
            for (name, method) in [("JSON read-modify-write", lost.jsonRmw), ("HINCRBY", lost.hincrby), ("WATCH/MULTI/EXEC", lost.watchMulti), ("Lua script", lost.lua)] {
                updates.add([name, Format.grouped(method.lost), Format.grouped(method.retries), Format.grouped(method.finalValue), Format.grouped(method.commands)])
            }
            text += "\n\(lost.clients) clients × \(Format.grouped(lost.updatesPerClient)) increments of one profile's counter "
                + "(expected \(Format.grouped(lost.clients * lost.updatesPerClient)))\n" + updates.render(style: style)
        }
        let sentences = HashProfilesExplanation.sentences(report)
        if !sentences.isEmpty {
            text += "\nWhat this shows\n" + Format.wrap(sentences.joined(separator: " "), width: min(style.width, 100), indent: "  ") + "\n"
        }
        return text
    }
}

/// "What this shows" for the hash-profiles lab, from its numbers.
enum HashProfilesExplanation {
    static func sentences(_ report: HashProfilesReport) -> [String] {
        var sentences: [String] = []
        let byLayout = Dictionary(report.layouts.map { ($0.layout, $0) }, uniquingKeysWith: { first, _ in first })
        if let smallest = report.layouts.min(by: { $0.bytesPerProfile < $1.bytesPerProfile }),
            let largest = report.layouts.max(by: { $0.bytesPerProfile < $1.bytesPerProfile }), smallest.layout != largest.layout
        {
            sentences.append("\(smallest.layout.rawValue) took \(Format.grouped(smallest.bytesPerProfile)) bytes a profile and \(largest.layout.rawValue) \(Format.grouped(largest.bytesPerProfile)): \(Format.number((Double(largest.bytesPerProfile) / Double(max(smallest.bytesPerProfile, 1)) * 10).rounded() / 10)) times as much.")
        }
        if let hash = byLayout[.hash], let json = byLayout[.json] {
            sentences.append("Reading one field took \(Format.grouped(hash.readFieldWireBytes)) bytes on the wire with HGET and \(Format.grouped(json.readFieldWireBytes)) with GET of the whole JSON; changing one took \(Format.grouped(hash.updateFieldWireBytes)) and \(Format.grouped(json.updateFieldWireBytes)).")
        }
        if let bucketed = byLayout[.bucketed] {
            sentences.append("Buckets put \(Format.count(report.thresholds.entries / 4, "profile")) in each \(bucketed.encoding) hash; a TTL then costs \(Format.number(bucketed.ttlOverheadBytes)) bytes a profile, but can only expire a whole bucket.")
        }
        if let cliff = report.cliff {
            sentences.append("One byte past hash-max-listpack-value turned \(cliff.valueAtLimit.encoding) into \(cliff.valueOverLimit.encoding) and \(Format.grouped(cliff.valueAtLimit.bytes)) bytes into \(Format.grouped(cliff.valueOverLimit.bytes)).")
        }
        if let lost = report.lostUpdates {
            sentences.append("Of \(Format.grouped(lost.clients * lost.updatesPerClient)) increments, JSON read-modify-write lost \(Format.grouped(lost.jsonRmw.lost)); HINCRBY lost \(lost.hincrby.lost), the Lua script \(lost.lua.lost), and WATCH/MULTI \(lost.watchMulti.lost) at the price of \(Format.count(lost.watchMulti.retries, "retry", plural: "retries")).")
        }
        return sentences
    }
}
