import ArgumentParser
import Labs

extension TrafficPattern: ExpressibleByArgument {}
extension RetryTiming: ExpressibleByArgument {}
extension RateLimitLab.Clock: ExpressibleByArgument {}

/// `rwb lab ratelimit` options (the simulation; `serve` and `load` have their own).
public struct RateLimitOptions: ParsableArguments {
    @Option(help: "fixed-window, sliding-log, sliding-log-naive, sliding-log-naive-ms, sliding-window-counter, token-bucket, gcra, or all.")
    var algorithm = "all"

    @Option(parsing: .unconditional, help: "Requests allowed per window.")
    var limit = 100

    @Option(parsing: .unconditional, help: "The window (60s, 500ms; default 60s, 1s with --clock server).")
    var window: DurationArgument?

    @Option(help: "steady, poisson, burst, edge, onoff or retry.")
    var pattern: TrafficPattern = .poisson

    @Option(parsing: .unconditional, help: "Requests per window per identifier, as a multiple of the limit.")
    var rate = 1.2

    @Option(parsing: .unconditional, help: "App servers the requests come through (each with its own clock under --skew).")
    var clients = 4

    @Option(parsing: .unconditional, help: "Distinct identifiers (API keys, addresses) being limited.")
    var keys = 10

    @Option(parsing: .unconditional, help: "Traffic to simulate (default 1h virtual, --quick 10m; 10s with --clock server).")
    var duration: DurationArgument?

    @Option(parsing: .unconditional, help: "Clock skew between app servers: each is off by up to ± this many ms.")
    var skew = 0

    @Option(help: "virtual (the lab passes now: an hour in seconds, repeatable) or server (the scripts read TIME; real time).")
    var clock: RateLimitLab.Clock = .virtual

    @Option(help: "With --pattern retry: after (Retry-After) or immediate.")
    var retry: RetryTiming = .after

    @Option(parsing: .unconditional, help: "Also fire N connections at one key at the same instant.")
    var race: Int?

    @Flag(help: "Show the HTTP headers an API would send for one allowed and one denied decision.")
    var headers = false

    public init() {}

    public func validate() throws {
        _ = try algorithms()
        try OptionBounds.check("--limit", limit, 1...1_000_000, "requests per window")
        // 1 ms is the resolution of the limiters' clock.
        try OptionBounds.check("--window", window, 0.001...86_400)
        try OptionBounds.check("--rate", rate, above: 0, upTo: 1000, "times the limit")
        try OptionBounds.check("--clients", clients, 1...10_000)
        try OptionBounds.check("--keys", keys, 1...1_000_000)
        try OptionBounds.check("--duration", duration, 0.001...604_800)
        try OptionBounds.check("--skew", skew, 0...60_000, "ms")
        try OptionBounds.check("--race", race, 2...2000, "connections")
    }

    func algorithms() throws -> [RateLimitAlgorithm] {
        try NameList.parse("--algorithm", algorithm, choices: RateLimitAlgorithm.allCases, name: \.rawValue)
    }
}

/// `rwb lab ratelimit`: options to configuration, report to text.
public enum RateLimitSpec: LabSpec {
    public static func lab(from options: RateLimitOptions, quick: Bool) throws -> RateLimitLab {
        let server = options.clock == .server
        let window = options.window?.seconds ?? (server ? 1 : 60)
        let duration = options.duration?.seconds ?? (server ? (quick ? 5 : 10) : (quick ? 600 : 3600))
        let lab = RateLimitLab(
            algorithms: try options.algorithms(), policy: RatePolicy(limit: options.limit, windowMs: Int64((window * 1000).rounded())),
            pattern: options.pattern, rate: options.rate, keys: options.keys, durationMs: Int64((duration * 1000).rounded()),
            clients: options.clients, skewMs: Int64(options.skew), clock: options.clock, retry: options.retry, race: options.race,
            headers: options.headers)
        let planned = lab.expectedRequests * Double(lab.algorithms.count)
        if planned > Double(RateLimitLab.maxRequests) {
            throw ValidationError(
                "this run would make about \(Format.grouped(Int(planned))) decisions; at most \(Format.grouped(RateLimitLab.maxRequests)): lower --rate, --keys or --duration"
            )
        }
        return lab
    }

    public static func render(_ report: RateLimitReport, style: TextStyle) -> String {
        let seconds = Double(report.durationMs) / 1000
        var text =
            "\(report.limit) requests per \(DurationArgument(seconds: Double(report.windowMs) / 1000)) for each of \(report.keys) identifiers; "
            + "\(report.pattern.rawValue) traffic at \(Format.number(report.rate))× the limit for \(DurationArgument(seconds: seconds)) "
            + "(\(report.clock) clock\(report.skewMs > 0 ? ", app servers' clocks up to ±\(report.skewMs) ms apart" : "")).\n\n"
        var table = TextTable(
            ["algorithm", "requests", "allowed", "denied", "max in window", "over limit", "needless denials"]
                + (report.results.contains { $0.lockoutMs != nil } ? ["lockout"] : []) + ["bytes/key", "cmds/decision", "decisions/s"])
        for result in report.results {
            table.add(
                [
                    result.algorithm.rawValue, Format.grouped(result.requests), Format.grouped(result.allowed),
                    Format.grouped(result.denied),
                    Format.grouped(result.maxAllowedInWindow), Format.grouped(result.overLimitAllows),
                    Format.grouped(result.needlessDenials),
                ]
                    + (result.lockoutMs.map { ["\(Format.grouped(Int($0))) ms"] }
                        ?? (report.results.contains { $0.lockoutMs != nil } ? ["–"] : []))
                    + [
                        Format.grouped(result.bytesPerKey), Format.number(result.commandsPerDecision),
                        Format.grouped(Int(result.decisionsPerSec)),
                    ])
        }
        text += table.render(style: style)
        var chart = BarChart(title: "\nThe most allowed in one window (limit \(report.limit))")
        for result in report.results {
            chart.add(result.algorithm.rawValue, Double(result.maxAllowedInWindow), text: Format.grouped(result.maxAllowedInWindow))
        }
        text += chart.render(style: style)
        text +=
            "\nAllowed (upper) and denied (lower) per \(DurationArgument(seconds: Double(report.results.first?.timeline.bucketMs ?? 1000) / 1000))\n"
        let labelWidth = report.results.map(\.algorithm.rawValue.count).max() ?? 0
        for result in report.results {
            let pad = String(repeating: " ", count: labelWidth - result.algorithm.rawValue.count)
            text += "  \(result.algorithm.rawValue)\(pad) \(Sparkline.render(result.timeline.allowed, style: style))\n"
            text += "  \(String(repeating: " ", count: labelWidth)) \(Sparkline.render(result.timeline.denied, style: style))\n"
        }
        if let race = report.race {
            var races = TextTable(["algorithm", "connections", "limit", "allowed"])
            for result in race {
                races.add([result.algorithm.rawValue, String(result.requests), String(result.limit), String(result.allowed)])
            }
            text += "\nRace: \(race.first?.requests ?? 0) connections on one key at the same instant\n" + races.render(style: style)
        }
        if let interleaving = report.interleaving {
            var table = TextTable(
                [
                    "way", "schedule", "requests", "allowed", "over limit", "needless denials", "members left", "round trips",
                    "shared counts",
                ],
                alignments: [.left, .left] + Array(repeating: .right, count: 7))
            for (schedule, results) in [("lockstep", interleaving.lockstep), ("free", interleaving.free)] {
                for result in results {
                    table.add([
                        result.way.rawValue, schedule, Format.grouped(result.requests), Format.grouped(result.allowed),
                        Format.grouped(result.overLimitAllows), Format.grouped(result.needlessDenials), Format.grouped(result.membersLeft),
                        Format.number(result.roundTripsPerRequest), result.sharedCounts.map(Format.grouped) ?? "–",
                    ])
                }
            }
            text +=
                "\nInterleaving: \(interleaving.appServers) app servers, each on its own connection, one request each for one key, limit \(interleaving.limit)\n"
                + "(lockstep: every app server finishes a round trip before any starts the next; free: released together)\n"
                + table.render(style: style)
        }
        if let headers = report.headers {
            for example in headers {
                text += "\nHeaders an API would send (\(example.algorithm.rawValue), HTTP \(example.status)):\n"
                for field in example.fields { text += "  \(field.name): \(field.value)\n" }
            }
            text += "  (X-RateLimit-Reset in seconds from now; GitHub sends an epoch instead.)\n"
        }
        text += Format.whatThisShows(RateLimitExplanation.sentences(report), style: style)
        return text
    }
}
