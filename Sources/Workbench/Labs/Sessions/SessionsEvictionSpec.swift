import ArgumentParser
import Labs

/// `rwb lab sessions eviction` options.
public struct SessionsEvictionOptions: ParsableArguments {
    @Option(help: "maxmemory policies, comma-separated, or all (default noeviction,allkeys-lru,volatile-lru,volatile-ttl).")
    var policies = "noeviction,allkeys-lru,volatile-lru,volatile-ttl"

    @Option(parsing: .unconditional, help: "Logged-in users, one session (hash with a TTL) each (default 200, --quick 100).")
    var users: Int?

    @Option(
        name: .customLong("cache-entries"), parsing: .unconditional,
        help: "Cache strings without a TTL written past maxmemory (default 2000, --quick 1000).")
    var cacheEntries: Int?

    @Option(name: .customLong("value-size"), parsing: .unconditional, help: "Bytes of each cache entry.")
    var valueSize = 512

    public init() {}

    public func validate() throws {
        _ = try policyList()
        try OptionBounds.check("--users", users, 1...100_000)
        try OptionBounds.check("--cache-entries", cacheEntries, 2...1_000_000)
        try OptionBounds.check("--value-size", valueSize, 1...1_048_576)
    }

    func policyList() throws -> [String] {
        try NameList.parse("--policies", policies, choices: EvictionLab.policies, name: \.self)
    }
}

/// `rwb lab sessions eviction`: options to configuration, report to text.
public enum SessionsEvictionSpec: LabSpec {
    public static func lab(from options: SessionsEvictionOptions, quick: Bool) throws -> SessionsEvictionLab {
        SessionsEvictionLab(
            policies: try options.policyList(), users: options.users ?? (quick ? 100 : 200),
            cacheEntries: options.cacheEntries ?? (quick ? 1000 : 2000), valueBytes: options.valueSize)
    }

    public static func render(_ report: SessionsEvictionReport, style: TextStyle) -> String {
        var text =
            "\(Format.count(report.users, "session")) (hashes, TTL 1 h, touched every 20 cache writes) beside "
            + "\(Format.grouped(report.cacheEntries)) cache entries of \(report.valueBytes) bytes without a TTL; maxmemory holds "
            + "the sessions and about half the cache.\n\n"
        var table = TextTable(["policy", "maxmemory", "cache written", "refused (OOM)", "evicted", "users logged out", "cache left"])
        for result in report.policies {
            table.add([
                result.policy, Format.bytes(result.maxmemory), Format.grouped(result.cacheWritesAccepted),
                Format.grouped(result.cacheWritesRefused), Format.grouped(result.evictedKeys), Format.grouped(result.loggedOutByEviction),
                Format.grouped(result.cacheEntriesLeft),
            ])
        }
        text += table.render(style: style)
        text += "users logged out: sessions evicted (EXISTS at the end); evicted: INFO evicted_keys over the writes.\n"
        text += Format.whatThisShows(SessionsEvictionExplanation.sentences(report), style: style)
        return text
    }
}
