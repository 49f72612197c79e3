import RESP

extension CommandFacts {
    /// True for the commands whose reply redis-cli 7.0 prints raw even on a terminal (their
    /// reply is a text report): INFO, LOLWUT, DEBUG HTSTATS / HTSTATS-KEY / CLIENT-EVICTION,
    /// MEMORY MALLOC-STATS / DOCTOR, CLUSTER NODES / INFO, CLIENT LIST / INFO, LATENCY GRAPH
    /// (with one argument), LATENCY DOCTOR and PROXY INFO. Names compare ASCII
    /// case-insensitively and argument counts are checked as redis-cli checks them:
    /// `CLUSTER NODES x` and `LATENCY DOCTOR x` are formatted normally.
    public static func printsRawOnTerminal(_ command: RedisCommand) -> Bool {
        let args = command.arguments
        guard let name = args.first else { return false }
        if asciiEqual(name, "info") || asciiEqual(name, "lolwut") { return true }
        guard args.count >= 2 else { return false }
        let sub = args[1]
        func subIs(_ candidates: String...) -> Bool { candidates.contains { asciiEqual(sub, $0) } }
        if asciiEqual(name, "debug") { return subIs("htstats", "htstats-key", "client-eviction") }
        if asciiEqual(name, "memory") { return subIs("malloc-stats", "doctor") }
        if asciiEqual(name, "cluster") { return args.count == 2 && subIs("nodes", "info") }
        if asciiEqual(name, "client") { return subIs("list", "info") }
        if asciiEqual(name, "latency") {
            return (args.count == 3 && subIs("graph")) || (args.count == 2 && subIs("doctor"))
        }
        if asciiEqual(name, "proxy") { return subIs("info") }
        return false
    }

    /// `strcasecmp(bytes, lowercase) == 0`, for ASCII `lowercase`.
    private static func asciiEqual(_ bytes: [UInt8], _ lowercase: String) -> Bool {
        let target = lowercase.utf8
        guard bytes.count == target.count else { return false }
        return zip(bytes, target).allSatisfy { byte, expected in
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            return folded == expected
        }
    }
}
