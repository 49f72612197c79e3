import ArgumentParser
import Labs

/// `rwb lab serverless` options.
public struct ServerlessOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "User requests each mode serves (default 2000, --quick 300).")
    var requests: Int?

    @Option(parsing: .unconditional, help: "Distinct users making them (default 100, --quick 15: some reach the limit).")
    var users: Int?

    @Option(parsing: .unconditional, help: "Requests a user may make in the limiter's window (the tutorial's fixed window).")
    var limit = 20

    @Option(name: .customLong("value-bytes"), parsing: .unconditional, help: "Size of the cached profile, in bytes of JSON.")
    var valueBytes = 300

    @Option(help: "Modes to run, comma-separated: resp, rest, pipeline, multi-exec (default all four).")
    var modes: String?

    public init() {}

    public func validate() throws {
        try OptionBounds.check("--requests", requests, 1...1_000_000)
        try OptionBounds.check("--users", users, 1...1_000_000)
        try OptionBounds.check("--limit", limit, 1...1_000_000)
        try OptionBounds.check("--value-bytes", valueBytes, 64...1_000_000)
        _ = try modeList()
    }

    func modeList() throws -> [ServerlessMode] {
        guard let modes else { return ServerlessMode.allCases }
        var list: [ServerlessMode] = []
        for word in modes.split(separator: ",", omittingEmptySubsequences: false) {
            guard let mode = ServerlessMode(rawValue: String(word).lowercased()) else {
                throw ValidationError("--modes \(word): resp, rest, pipeline or multi-exec")
            }
            guard !list.contains(mode) else { throw ValidationError("--modes \(word): named twice") }
            list.append(mode)
        }
        return list
    }
}

/// `rwb lab serverless`: options to configuration, report to text.
public enum ServerlessSpec: LabSpec {
    public static func lab(from options: ServerlessOptions, quick: Bool) throws -> ServerlessLab {
        ServerlessLab(
            requests: options.requests ?? (quick ? 300 : 2000), users: options.users ?? (quick ? 15 : 100), limit: options.limit,
            valueBytes: options.valueBytes,
            modes: try options.modeList())
    }

    public static func render(_ report: ServerlessReport, style: TextStyle) -> String {
        var text =
            "\(Format.grouped(report.requests)) user requests from \(Format.grouped(report.users)) users, each the tutorial's limiter "
            + "(INCR, EXPIRE on a window's first; \(report.limit) a window) then, if allowed, its cache-aside read "
            + "(GET; on a miss the database and SET … EX) of a \(Format.grouped(report.valueBytes))-byte profile.\n"
            + "The model: \(Format.grouped(report.modelAllowed)) allowed, \(Format.grouped(report.modelDenied)) denied, "
            + "\(Format.grouped(report.modelHits)) cache hits, \(Format.grouped(report.modelDatabaseQueries)) database queries.\n\n"
        var costs = TextTable(["mode", "round trips", "per request", "commands", "bytes sent", "bytes received", "bytes per request"])
        var outcomes = TextTable(["mode", "allowed", "denied", "hits", "db queries", "wasted GETs", "vs model", "p50 ms", "p99 ms"])
        for mode in report.modes {
            let requests = max(1, report.requests)
            costs.add([
                mode.mode.rawValue, Format.grouped(mode.roundTrips), Format.number(Double(mode.roundTrips) / Double(requests)),
                Format.grouped(mode.commands), Format.grouped(mode.bytesSent), Format.grouped(mode.bytesReceived),
                Format.grouped((mode.bytesSent + mode.bytesReceived) / requests),
            ])
            outcomes.add([
                mode.mode.rawValue, Format.grouped(mode.allowed), Format.grouped(mode.denied), Format.grouped(mode.hits),
                Format.grouped(mode.databaseQueries), Format.grouped(mode.wastedReads),
                mode.modelMismatches == 0 ? "agrees" : "\(Format.grouped(mode.modelMismatches)) differ", Format.number(mode.latency.p50),
                Format.number(mode.latency.p99),
            ])
        }
        text += "What each mode sent (round trips: commands over RESP, HTTP requests over REST)\n" + costs.render(style: style)
        text += "\nWhat it met, and the time per user request\n" + outcomes.render(style: style)
        text += Format.whatThisShows(ServerlessExplanation.sentences(report), style: style)
        return text
    }
}
