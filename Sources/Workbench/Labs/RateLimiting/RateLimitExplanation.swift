import Labs

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
