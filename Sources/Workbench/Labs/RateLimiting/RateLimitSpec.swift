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
        if limit < 1 { throw ValidationError("--limit \(limit): at least 1 request per window") }
        if let window, window.seconds < 0.001 {
            throw ValidationError("--window \(window): below the 1 ms resolution of the limiters' clock")
        }
        if rate <= 0 || !rate.isFinite { throw ValidationError("--rate \(rate): a positive multiple of the limit") }
        if !(1...10_000).contains(clients) { throw ValidationError("--clients \(clients): from 1 to 10000") }
        if !(1...1_000_000).contains(keys) { throw ValidationError("--keys \(keys): from 1 to 1000000") }
        if let duration, duration.seconds < 0.001 { throw ValidationError("--duration \(duration): must be positive") }
        if skew < 0 { throw ValidationError("--skew \(skew): 0 or more milliseconds") }
        if let race, !(2...2000).contains(race) { throw ValidationError("--race \(race): from 2 to 2000 connections") }
    }

    func algorithms() throws -> [RateLimitAlgorithm] {
        if algorithm.lowercased() == "all" { return RateLimitAlgorithm.allCases }
        return try algorithm.split(separator: ",").map { name in
            guard let known = RateLimitAlgorithm(rawValue: name.lowercased()) else {
                throw ValidationError("--algorithm \(name): one of \(RateLimitAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")), or all")
            }
            return known
        }
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
            throw ValidationError("this run would make about \(Format.grouped(Int(planned))) decisions; at most \(Format.grouped(RateLimitLab.maxRequests)): lower --rate, --keys or --duration")
        }
        return lab
    }

    public static func render(_ report: RateLimitReport, style: TextStyle) -> String {
        let seconds = Double(report.durationMs) / 1000
        var text = "\(report.limit) requests per \(DurationArgument(seconds: Double(report.windowMs) / 1000)) for each of \(report.keys) identifiers; "
            + "\(report.pattern.rawValue) traffic at \(Format.number(report.rate))× the limit for \(DurationArgument(seconds: seconds)) "
            + "(\(report.clock) clock\(report.skewMs > 0 ? ", app servers' clocks up to ±\(report.skewMs) ms apart" : "")).\n\n"
        var table = TextTable(["algorithm", "requests", "allowed", "denied", "max in window", "over limit", "needless denials"]
            + (report.results.contains { $0.lockoutMs != nil } ? ["lockout"] : []) + ["bytes/key", "cmds/decision", "decisions/s"])
        for result in report.results {
            table.add([
                result.algorithm.rawValue, Format.grouped(result.requests), Format.grouped(result.allowed), Format.grouped(result.denied),
                Format.grouped(result.maxAllowedInWindow), Format.grouped(result.overLimitAllows), Format.grouped(result.needlessDenials),
            ] + (result.lockoutMs.map { ["\(Format.grouped(Int($0))) ms"] } ?? (report.results.contains { $0.lockoutMs != nil } ? ["–"] : []))
                + [Format.grouped(result.bytesPerKey), Format.number(result.commandsPerDecision), Format.grouped(Int(result.decisionsPerSec))])
        }
        text += table.render(style: style)
        var chart = BarChart(title: "\nThe most allowed in one window (limit \(report.limit))")
        for result in report.results {
            chart.add(result.algorithm.rawValue, Double(result.maxAllowedInWindow), text: Format.grouped(result.maxAllowedInWindow))
        }
        text += chart.render(style: style)
        text += "\nAllowed (upper) and denied (lower) per \(DurationArgument(seconds: Double(report.results.first?.timeline.bucketMs ?? 1000) / 1000))\n"
        let labelWidth = report.results.map(\.algorithm.rawValue.count).max() ?? 0
        for result in report.results {
            let pad = String(repeating: " ", count: labelWidth - result.algorithm.rawValue.count)
            text += "  \(result.algorithm.rawValue)\(pad) \(Sparkline.render(result.timeline.allowed, style: style))\n"
            text += "  \(String(repeating: " ", count: labelWidth)) \(Sparkline.render(result.timeline.denied, style: style))\n"
        }
        if let race = report.race {
            var races = TextTable(["algorithm", "connections", "limit", "allowed"])
            for result in race { races.add([result.algorithm.rawValue, String(result.requests), String(result.limit), String(result.allowed)]) }
            text += "\nRace: \(race.first?.requests ?? 0) connections on one key at the same instant\n" + races.render(style: style)
        }
        if let headers = report.headers {
            for example in headers {
                text += "\nHeaders an API would send (\(example.algorithm.rawValue), HTTP \(example.status)):\n"
                for field in example.fields { text += "  \(field.name): \(field.value)\n" }
            }
            text += "  (X-RateLimit-Reset in seconds from now; GitHub sends an epoch instead.)\n"
        }
        let sentences = RateLimitExplanation.sentences(report)
        if !sentences.isEmpty {
            text += "\nWhat this shows\n" + Format.wrap(sentences.joined(separator: " "), width: min(style.width, 100), indent: "  ") + "\n"
        }
        return text
    }
}

/// "What this shows" for the rate-limit lab, from its numbers.
enum RateLimitExplanation {
    static func sentences(_ report: RateLimitReport) -> [String] {
        var sentences: [String] = []
        let byName = Dictionary(report.results.map { ($0.algorithm, $0) }, uniquingKeysWith: { first, _ in first })
        let over = report.results.filter { $0.maxAllowedInWindow > report.limit }
        if !over.isEmpty {
            sentences.append("Against the exact log, \(Format.list(over.map { "\($0.algorithm.rawValue) let \(Format.grouped($0.maxAllowedInWindow))" })) through in one \(DurationArgument(seconds: Double(report.windowMs) / 1000)) window, over the limit of \(report.limit).")
        }
        let exact = report.results.filter { $0.overLimitAllows == 0 && $0.needlessDenials == 0 }.map(\.algorithm.rawValue)
        if !exact.isEmpty { sentences.append("\(Format.list(exact)) never allowed over the limit nor denied a request the exact log had room for.") }
        if let naive = byName[.slidingLogNaive], naive.needlessDenials > 0 {
            sentences.append("sliding-log-naive denied \(Format.grouped(naive.needlessDenials)) requests the exact log had room for: it logs denied requests too, so a client over the limit keeps its own window full.")
        }
        if let ms = byName[.slidingLogNaiveMs], ms.overLimitAllows > 0 {
            sentences.append("With bare millisecond members, requests in the same millisecond collapse into one log entry: \(Format.grouped(ms.overLimitAllows)) allowed over the limit.")
        }
        if let race = report.race {
            let broken = race.filter { $0.allowed != $0.limit && $0.requests > $0.limit }
            if !broken.isEmpty {
                sentences.append("In the race, \(Format.list(broken.map { "\($0.algorithm.rawValue) allowed \($0.allowed)" })) of \(broken.first?.requests ?? 0) simultaneous requests where the limit is \(report.limit).")
            }
            if let naive = race.first(where: { $0.algorithm == .slidingLogNaive }), naive.allowed == naive.limit {
                sentences.append("sliding-log-naive held the limit in the race only because each client's four commands arrived in one write and Redis ran them together; nothing guarantees that, as MULTI or a Lua script would.")
            }
        }
        if let lockout = report.results.compactMap({ result in result.lockoutMs.map { (result.algorithm.rawValue, $0) } }).max(by: { $0.1 < $1.1 }), lockout.1 > 0 {
            sentences.append("The longest a retrying client stayed locked out was \(Format.grouped(Int(lockout.1))) ms, with \(lockout.0).")
        }
        return sentences
    }
}
