import Labs

/// "What this shows" for the rate-limit lab, from its numbers.
enum RateLimitExplanation {
    static func sentences(_ report: RateLimitReport) -> [String] {
        var sentences: [String] = []
        if let lag = lagSentence(report) { sentences.append(lag) }
        if let edge = report.edge { sentences.append(edgeSentence(edge, report)) }
        let byName = Dictionary(report.results.map { ($0.algorithm, $0) }, uniquingKeysWith: { first, _ in first })
        let over = report.results.filter { $0.maxAllowedInWindow > report.limit }
        if !over.isEmpty {
            sentences.append(
                "Against the exact log, \(Format.list(over.map { "\($0.algorithm.rawValue) let \(Format.grouped($0.maxAllowedInWindow))" })) through in one \(DurationArgument(seconds: Double(report.windowMs) / 1000)) window, over the limit of \(report.limit)."
            )
        }
        let exact = report.results.filter { $0.overLimitAllows == 0 && $0.needlessDenials == 0 }.map(\.algorithm.rawValue)
        if !exact.isEmpty {
            sentences.append("\(Format.list(exact)) never allowed over the limit nor denied a request the exact log had room for.")
        }
        // Under --skew the app servers' clocks put log entries out of place too, and the run
        // cannot tell that from the algorithm's own flaw: both are named, neither blamed alone.
        let skew =
            report.skewMs > 0
            ? "the app servers' clocks, up to \(Format.grouped(Int(report.skewMs))) ms off either way, put entries out of place in the window; this run does not tell the two causes apart"
            : nil
        if let naive = byName[.slidingLogNaive], naive.needlessDenials > 0 {
            let cause = "it logs denied requests too, so a client over the limit keeps its own window full"
            sentences.append(
                "sliding-log-naive denied \(Format.grouped(naive.needlessDenials)) requests the exact log had room for: \(skew.map { cause + ", and " + $0 } ?? cause)."
            )
        }
        if let ms = byName[.slidingLogNaiveMs], ms.overLimitAllows > 0 {
            // The collisions are counted from ZADD's replies when the report has them.
            var causes: [String]
            switch ms.memberCollisions {
            case nil: causes = ["requests in the same millisecond collapse into one log entry"]
            case 0?: causes = []
            case let count?:
                causes = [
                    "\(Format.grouped(count)) requests found their millisecond already logged and collapsed into its entry (ZADD answered 0)"
                ]
            }
            if let skew { causes.append(skew) }
            if causes.isEmpty {
                causes = ["no request collapsed into another's entry (ZADD never answered 0), so not the shared milliseconds"]
            }
            sentences.append(
                "With bare millisecond members, \(causes.joined(separator: ", and ")): \(Format.grouped(ms.overLimitAllows)) allowed over the limit."
            )
        }
        if let race = report.race {
            let broken = race.filter { $0.allowed != $0.limit && $0.requests > $0.limit }
            if !broken.isEmpty {
                sentences.append(
                    "In the race, \(Format.list(broken.map { "\($0.algorithm.rawValue) allowed \($0.allowed)" })) of \(broken.first?.requests ?? 0) simultaneous requests where the limit is \(report.limit)."
                )
            }
            // How the race's commands interleaved is not measured here (the interleaving
            // section counts it), so only the count is given, with what would make it hold
            // every time. Its ZADD runs before its ZCARD, so interleaved it denies too many.
            if let naive = race.first(where: { $0.algorithm == .slidingLogNaive }), naive.allowed == naive.limit,
                naive.requests > naive.limit
            {
                sentences.append(
                    "sliding-log-naive allowed \(naive.allowed) of \(naive.requests) in the race, the limit, this time; nothing made its four commands atomic, as MULTI or a Lua script would, so another run may interleave them, and its ZADD before its ZCARD then denies requests there was room for rather than allowing more."
                )
            }
        }
        if let interleaving = report.interleaving { sentences += InterleavingExplanation.sentences(interleaving) }
        if let lockout = report.results.compactMap({ result in result.lockoutMs.map { (result.algorithm.rawValue, $0) } }).max(by: {
            $0.1 < $1.1
        }), lockout.1 > 0 {
            sentences.append("The longest a retrying client stayed locked out was \(Format.grouped(Int(lockout.1))) ms, with \(lockout.0).")
        }
        return sentences
    }

    /// What the edge pattern really sent around a boundary: at `--rate 2` the full limit on
    /// each side (the classic 2× in a few ms), at the default 1.2 only 0.6× on each side.
    static func edgeSentence(_ edge: EdgeTraffic, _ report: RateLimitReport) -> String {
        let span = Format.count(Int(edge.spanMs), "ms", plural: "ms")
        var sentence =
            "The edge pattern sent \(Format.grouped(edge.beforeBoundary)) requests in the last \(span) before a window boundary and "
            + "\(Format.grouped(edge.afterBoundary)) in the first \(span) after: \(Format.grouped(edge.beforeBoundary + edge.afterBoundary)) "
            + "within \(Format.count(Int(edge.spanMs * 2), "ms", plural: "ms")), against a limit of \(Format.grouped(report.limit)) a window"
        if report.clock == "server" { sentence += " (the boundary is the run's; the server clock's windows need not line up with it)" }
        if edge.beforeBoundary < report.limit || edge.afterBoundary < report.limit {
            sentence += ". The classic case, the full limit on each side of the boundary, is --rate 2"
        }
        return sentence + "."
    }

    /// On the server's clock the run is as fast as the machine: when requests went out later
    /// than planned by more than a window (or a tenth of a second), the traffic was not the
    /// pattern asked for, and the report says so rather than leave it to be guessed.
    static func lagSentence(_ report: RateLimitReport) -> String? {
        guard let lag = report.results.compactMap(\.maxSendLagMs).max(), lag > max(100, report.windowMs) else { return nil }
        return "The lab fell behind real time: requests went out up to \(Format.grouped(Int(lag))) ms after their planned instants, "
            + "more than the \(DurationArgument(seconds: Double(report.windowMs) / 1000)) window, so the traffic was burstier than the pattern; "
            + "the limiters and the exact log both judged each request at the instant it was decided."
    }
}
