import ArgumentParser

/// redis-cli's options that change what a one-shot line does rather than where it goes:
/// repeating a command, shaping raw output, reading an argument from stdin, and the modes
/// that replace the command (`--scan`, `--pipe`, `--stat`, `--latency`…) or build it
/// (`--eval`). Each mode lives in `Sources/Workbench/Modes`.
public struct ModeFlags: ParsableArguments {
    public init() {}

    @Option(
        name: .customShort("r"), parsing: .unconditional,
        help: ArgumentHelp("Execute the command N times (-1: until interrupted).", valueName: "N"))
    public var repeatCount: Int?

    @Option(
        name: .customShort("i"), parsing: .unconditional,
        help: ArgumentHelp(
            "With -r, wait this many seconds after each command (sub-second: -i 0.1); with --scan, after each SCAN.", valueName: "SECONDS"))
    public var interval: Double?

    @Flag(name: .customShort("e"), help: "An error reply goes to stderr and ends -r (rwb exits 1 on an error reply either way).")
    public var exitOnError = false

    @Option(
        name: .customShort("d"), parsing: .unconditional,
        help: ArgumentHelp("Delimiter between the elements of a reply in raw output (default: \\n).", valueName: "DELIM"))
    public var elementDelimiter: String?

    @Option(
        name: .customShort("D"), parsing: .unconditional,
        help: ArgumentHelp("Delimiter after each reply in raw output (default: \\n).", valueName: "DELIM"))
    public var replyDelimiter: String?

    @Option(name: .customShort("X"), help: ArgumentHelp("Read the argument equal to TAG from standard input.", valueName: "TAG"))
    public var stdinTag: String?

    @Flag(name: .customLong("quoted-input"), help: "Read each argument as a quoted string (\"\\x00\" is a NUL byte).")
    public var quotedInput = false

    @Flag(name: .customLong("scan"), help: "List every key with SCAN, each once (on a cluster, -c, every master's).")
    public var scan = false

    @Option(
        name: .customLong("pattern"),
        help: ArgumentHelp("With --scan, --bigkeys, --memkeys or --hotkeys: the keys' glob pattern (default: *).", valueName: "PATTERN"))
    public var pattern: String?

    @Option(
        name: .customLong("quoted-pattern"),
        help: ArgumentHelp("Like --pattern, the pattern as a quoted string (binary-safe).", valueName: "PATTERN"))
    public var quotedPattern: String?

    @Option(
        name: .customLong("count"), parsing: .unconditional,
        help: ArgumentHelp(
            "With --scan: SCAN's COUNT hint (default 1000; 10 with -i, as redis-cli, so -i throttles as it does).", valueName: "N"))
    public var count: Int?

    @Flag(name: .customLong("bigkeys"), help: "The biggest key of each type by elements, and each type's totals (redis-cli's layout).")
    public var bigKeys = false

    @Flag(name: .customLong("memkeys"), help: "Like --bigkeys, by MEMORY USAGE (exact: every element counted).")
    public var memKeys = false

    @Option(
        name: .customLong("memkeys-samples"), parsing: .unconditional,
        help: ArgumentHelp("--memkeys with MEMORY USAGE estimating from N elements of each aggregate (0: all).", valueName: "N"))
    public var memKeysSamples: Int?

    @Flag(name: .customLong("hotkeys"), help: "The 16 keys with the highest LFU counters (needs an LFU maxmemory policy).")
    public var hotKeys = false

    @Option(
        name: .customLong("eval"),
        help: ArgumentHelp("Send EVAL with the Lua script in FILE: keys, then a lone ',', then arguments.", valueName: "FILE"))
    public var eval: String?

    @Flag(
        name: .customLong("verbose"),
        help: "Show on stderr each command sent and each reply, as RESP (as .trace on does): for a command, the REPL and scripts.")
    public var verbose = false

    @Flag(
        name: .customLong("ldb"),
        help: "With --eval: step through the script in Redis's Lua debugger (on a forked server: its changes are rolled back).")
    public var ldb = false

    @Flag(
        name: .customLong("ldb-sync-mode"),
        help: "Like --ldb, with the synchronous debugger: it blocks the server while you debug, and keeps the script's changes.")
    public var ldbSyncMode = false

    @Flag(name: .customLong("stat"), help: "Print rolling stats about the server a second (-i to change): keys, mem, clients, requests.")
    public var stat = false

    @Flag(
        name: .customLong("latency"),
        help: "Sample the server's latency with PINGs (one line on a terminal; else one reading of -i seconds).")
    public var latency = false

    @Flag(name: .customLong("latency-history"), help: "Like --latency, a new line every -i seconds (default 15).")
    public var latencyHistory = false

    @Flag(name: .customLong("latency-dist"), help: "Latency percentiles, a line every -i seconds (default 1).")
    public var latencyDist = false

    @Option(
        name: .customLong("intrinsic-latency"), parsing: .unconditional,
        help: ArgumentHelp("Measure this machine's own latency (no server) for this many seconds.", valueName: "SECONDS"))
    public var intrinsicLatency: Int?

    @Flag(name: .customLong("pipe"), help: "Mass insertion: commands from stdin (RESP or inline), replies counted, failures named.")
    public var pipe = false

    @Option(
        name: .customLong("pipe-timeout"), parsing: .unconditional,
        help: ArgumentHelp(
            "With --pipe: give up when no reply came this many seconds after the last command (0: wait forever).", valueName: "SECONDS"))
    public var pipeTimeout: Int?

    @Option(
        name: .customLong("rdb"),
        help: ArgumentHelp(
            "Transfer an RDB snapshot from the server to FILE (-: stdout), verified (CRC64) before it is renamed into place.",
            valueName: "FILE"))
    public var rdb: String?

    @Option(
        name: .customLong("functions-rdb"),
        help: ArgumentHelp("Like --rdb, only the functions (not the keys).", valueName: "FILE"))
    public var functionsRDB: String?

    @Flag(name: .customLong("replica"), help: "Show the commands the server replicates, as a replica receives them (until Ctrl-C).")
    public var replica = false

    @Option(
        name: .customLong("lru-test"), parsing: .unconditional,
        help: ArgumentHelp(
            "Simulate a cache workload with an 80-20 distribution over KEYS keys (under rwb:lru-test:, deleted at the end).",
            valueName: "KEYS"))
    public var lruTest: Int?

    /// The largest -r short of forever, and the longest -i: bounds that keep the loop's
    /// arithmetic and a sleep's duration finite.
    static let repeatRange = -1...1_000_000_000
    static let intervalRange = 0.0...86_400.0
    static let countRange = 1...1_000_000

    public func validate() throws {
        if let repeatCount, !Self.repeatRange.contains(repeatCount) {
            throw ValidationError("-r \(repeatCount): from 0 to \(Self.repeatRange.upperBound), or -1 for until interrupted")
        }
        if let interval, !Self.intervalRange.contains(interval) {
            throw ValidationError("-i \(interval): from 0 to \(Int(Self.intervalRange.upperBound)) seconds")
        }
        if let count, !Self.countRange.contains(count) {
            throw ValidationError("--count \(count): from \(Self.countRange.lowerBound) to \(Self.countRange.upperBound)")
        }
        if pattern != nil && quotedPattern != nil { throw ValidationError("give --pattern or --quoted-pattern, not both") }
        if !scan {
            if count != nil { throw ValidationError("--count goes with --scan") }
            for (name, given) in [("--pattern", pattern != nil), ("--quoted-pattern", quotedPattern != nil)] where given && keySurvey == nil
            {
                throw ValidationError("\(name) goes with --scan, --bigkeys, --memkeys or --hotkeys")
            }
        }
        if let memKeysSamples, !(0...1_000_000).contains(memKeysSamples) {
            throw ValidationError("--memkeys-samples \(memKeysSamples): from 0 (every element) to 1000000")
        }
        if let pipeTimeout, !(0...86_400).contains(pipeTimeout) {
            throw ValidationError("--pipe-timeout \(pipeTimeout): from 0 (wait forever) to 86400 seconds")
        }
        if pipeTimeout != nil && !pipe { throw ValidationError("--pipe-timeout goes with --pipe") }
        let modes = [
            ("--scan", scan), ("--eval", eval != nil), ("--pipe", pipe), ("--stat", stat), ("--latency", latency),
            ("--latency-history", latencyHistory), ("--latency-dist", latencyDist), ("--intrinsic-latency", intrinsicLatency != nil),
            ("--bigkeys", bigKeys), ("--memkeys", memKeys || memKeysSamples != nil), ("--hotkeys", hotKeys), ("--rdb", rdb != nil),
            ("--functions-rdb", functionsRDB != nil), ("--replica", replica), ("--lru-test", lruTest != nil),
        ].filter(\.1).map(\.0)
        if modes.count > 1 { throw ValidationError("choose one of \(modes.joined(separator: " and "))") }
        if let intrinsicLatency, !(1...86_400).contains(intrinsicLatency) {
            throw ValidationError("--intrinsic-latency \(intrinsicLatency): from 1 to 86400 seconds")
        }
        let watching = stat || latency || latencyHistory || latencyDist || intrinsicLatency != nil || keySurvey != nil
        if watching, let mode = modes.first, let flag = commandFlagsGiven.first(where: { $0 != "-i" }) {
            throw ValidationError("\(flag) shapes one command; \(mode) sends none of yours")
        }
        if let lruTest, !LRUTestMode.keysRange.contains(lruTest) {
            throw ValidationError(
                "--lru-test \(lruTest): from \(LRUTestMode.keysRange.lowerBound) to \(LRUTestMode.keysRange.upperBound) keys")
        }
        if let mode = replicationMode, let flag = commandFlagsGiven.first {
            throw ValidationError("\(flag) shapes one command; \(mode) sends none of yours")
        }
        if pipe, let flag = commandFlagsGiven.first {
            throw ValidationError("\(flag) shapes one command; --pipe reads its commands from stdin")
        }
        if ldb || ldbSyncMode {
            if eval == nil { throw ValidationError("Options --ldb and --ldb-sync-mode require --eval.") }
            if let flag = commandFlagsGiven.first { throw ValidationError("\(flag) shapes one command; --ldb sends the lines you type") }
        }
        if scan && repeatCount != nil { throw ValidationError("-r repeats a command; --scan lists keys once (use -i to slow it)") }
        // redis-cli's --verbose speaks only in its --cluster manager, which rwb does not have;
        // rwb's shows the exchange where there is one to show.
        if verbose, let mode = replacingMode?.flag ?? (luaDebugger != nil ? "--ldb" : nil) ?? (repeatCount != nil ? "-r" : nil) {
            throw ValidationError("--verbose shows a command's exchange (one command, the REPL, a script); \(mode) prints its own")
        }
    }

    /// The flags given that shape one command, by name: refused when there is no command
    /// (the REPL, a script).
    public var commandFlagsGiven: [String] {
        var given: [String] = []
        if repeatCount != nil { given.append("-r") }
        if interval != nil { given.append("-i") }
        if exitOnError { given.append("-e") }
        if elementDelimiter != nil { given.append("-d") }
        if replyDelimiter != nil { given.append("-D") }
        if stdinTag != nil { given.append("-X") }
        if quotedInput { given.append("--quoted-input") }
        return given
    }

    /// What shapes a one-shot command, as a plain value (a parsed `ModeFlags` cannot be
    /// made without the parser, and the fast path has none).
    public var shape: CommandShape {
        CommandShape(
            repeatCount: repeatCount, interval: intervalDuration, elementDelimiter: elementDelimiter.map { Array($0.utf8) },
            replyDelimiter: replyDelimiter.map { Array($0.utf8) }, stdinTag: stdinTag, quotedInput: quotedInput, evalFile: eval,
            exitOnError: exitOnError, verbose: verbose)
    }

    /// The mode given that takes no command of the user's (all but `--eval`), and whether it
    /// prints in the output format asked for (the others print redis-cli's text only).
    public var replacingMode: (flag: String, formatsOutput: Bool)? {
        if scan { return ("--scan", true) }
        if let kind = keySurvey { return (Self.keySurveyFlags[kind] ?? "--bigkeys", false) }
        if latencyKind != nil { return (latencyFlag, true) }
        if stat { return ("--stat", false) }
        if pipe { return ("--pipe", false) }
        if intrinsicLatency != nil { return ("--intrinsic-latency", false) }
        if let mode = replicationMode { return (mode, false) }
        return nil
    }

    /// `--rdb`, `--functions-rdb`, `--replica` or `--lru-test`, if given: the modes that
    /// take neither a command nor -i.
    public var replicationMode: String? {
        rdb != nil ? "--rdb" : functionsRDB != nil ? "--functions-rdb" : replica ? "--replica" : lruTest != nil ? "--lru-test" : nil
    }

    /// The Lua debugger asked for, if any (both flags: the synchronous one, as with redis-cli).
    public var luaDebugger: LuaDebugger.Mode? {
        ldbSyncMode ? .sync : ldb ? .forked : nil
    }

    /// The snapshot asked for by `--rdb FILE` or `--functions-rdb FILE`, if any.
    public var snapshot: RDBMode? {
        if let rdb { return RDBMode(kind: .snapshot, path: rdb) }
        return functionsRDB.map { RDBMode(kind: .functions, path: $0) }
    }

    /// The key survey asked for, if any (`--memkeys-samples` alone is `--memkeys`, as with
    /// redis-cli).
    public var keySurvey: KeySurveyMode.Kind? {
        bigKeys ? .bigKeys : memKeys || memKeysSamples != nil ? .memKeys : hotKeys ? .hotKeys : nil
    }

    public static let keySurveyFlags: [KeySurveyMode.Kind: String] = [.bigKeys: "--bigkeys", .memKeys: "--memkeys", .hotKeys: "--hotkeys"]

    /// The latency mode asked for, if any.
    public var latencyKind: LatencyMode.Kind? {
        latency ? .latency : latencyHistory ? .history : latencyDist ? .distribution : nil
    }

    /// Its flag, for messages.
    public var latencyFlag: String {
        latencyHistory ? "--latency-history" : latencyDist ? "--latency-dist" : "--latency"
    }

    /// `-i` as a duration (nil when not given or 0).
    public var intervalDuration: Duration? {
        guard let interval, interval > 0 else { return nil }
        return .nanoseconds(Int64((interval * 1e9).rounded()))
    }
}

/// The options that shape one command (`ModeFlags.shape`); the default is a plain command.
public struct CommandShape: Sendable {
    public var repeatCount: Int?
    public var interval: Duration?
    public var elementDelimiter: [UInt8]?
    public var replyDelimiter: [UInt8]?
    public var stdinTag: String?
    public var quotedInput = false
    public var evalFile: String?
    /// `-e`: an error reply goes to stderr as its bare message and ends a repeat, as with
    /// redis-cli (whose exit status it changes; rwb's is 1 either way).
    public var exitOnError = false
    /// `--verbose`: the command and its reply as RESP on stderr.
    public var verbose = false

    public init(
        repeatCount: Int? = nil, interval: Duration? = nil, elementDelimiter: [UInt8]? = nil, replyDelimiter: [UInt8]? = nil,
        stdinTag: String? = nil, quotedInput: Bool = false, evalFile: String? = nil, exitOnError: Bool = false, verbose: Bool = false
    ) {
        self.verbose = verbose
        self.repeatCount = repeatCount
        self.interval = interval
        self.elementDelimiter = elementDelimiter
        self.replyDelimiter = replyDelimiter
        self.stdinTag = stdinTag
        self.quotedInput = quotedInput
        self.evalFile = evalFile
        self.exitOnError = exitOnError
    }
}
