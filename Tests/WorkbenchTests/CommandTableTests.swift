import RedisCommands
import Testing

@testable import Workbench

@Suite struct CommandTableTests {
    @Test func coversRedis70Commands() throws {
        #expect(CommandCatalog.builtIn.count == 240)
        #expect(CommandCatalog.entries.count == 366)
        #expect(CommandCatalog.generatedFromRedisVersion == "7.0.15")
        let get = try #require(CommandCatalog.builtIn["GET"])
        #expect(get.argumentsHint == "key")
        #expect(get.group == "string")
        #expect(get.arity == 2)
        #expect(get.flags.contains("readonly"))
        #expect(get.synopsis == "GET key")
        let set = try #require(CommandCatalog.builtIn["SET"])
        #expect(
            set.argumentsHint
                == "key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"
        )
        #expect(set.arity == -3)
    }

    @Test(arguments: [
        ("CONFIG", ["GET", "SET", "RESETSTAT", "REWRITE"]),
        ("CLIENT", ["LIST", "KILL", "SETNAME", "GETNAME", "ID", "INFO", "TRACKING", "NO-EVICT"]),
        ("MEMORY", ["USAGE", "STATS", "DOCTOR"]),
        ("OBJECT", ["ENCODING", "FREQ", "IDLETIME"]),
        ("SCRIPT", ["LOAD", "EXISTS", "FLUSH"]),
        ("ACL", ["SETUSER", "GETUSER", "DELUSER", "LIST", "WHOAMI", "CAT"]),
        ("LATENCY", ["DOCTOR", "LATEST", "HISTORY", "RESET"]),
        ("SLOWLOG", ["GET", "LEN", "RESET"]),
        ("COMMAND", ["DOCS", "INFO", "COUNT"]),
        ("XINFO", ["STREAM", "GROUPS", "CONSUMERS"]),
        ("XGROUP", ["CREATE", "DESTROY", "SETID"]),
    ])
    func containerCommandsCarrySubcommands(container: String, subcommands: [String]) throws {
        let info = try #require(CommandCatalog.builtIn[container])
        let names = Set(info.subcommands.map(\.name))
        for sub in subcommands {
            #expect(names.contains("\(container) \(sub)"), "missing \(container) \(sub)")
        }
    }

    @Test func debugIsKnown() throws {
        let debug = try #require(CommandCatalog.builtIn["DEBUG"])
        #expect(debug.group == "server")
    }

    @Test func coversTheCommonGroups() {
        for group in [
            "string", "generic", "hash", "list", "set", "sorted-set", "pubsub", "scripting", "server", "connection",
            "transactions", "stream",
        ] {
            #expect(CommandCatalog.groups.contains(group), "missing group \(group)")
        }
    }

    @Test func everyEntryMatchesRedisCLIHelp() {
        var byName: [String: CommandInfo] = [:]
        for entry in CommandCatalog.entries { byName[entry.name] = entry }
        #expect(byName.count == redisCLIHelpEntries.count)
        for expected in redisCLIHelpEntries {
            guard let entry = byName[expected.name] else {
                Issue.record("missing \(expected.name)")
                continue
            }
            #expect(entry.argumentsHint == expected.params, "\(expected.name)")
            #expect(entry.summary == expected.summary, "\(expected.name)")
            #expect(entry.since == expected.since, "\(expected.name)")
            #expect(entry.group == expected.group, "\(expected.name)")
        }
    }

    @Test func entriesAreSortedLikeRedisCLI() {
        let names = CommandCatalog.entries.map(\.name)
        #expect(names == names.sorted())
        let client = names.firstIndex(of: "CLIENT")!
        #expect(names[client + 1] == "CLIENT CACHING")
    }

    @Test func lookupFindsTheMostSpecificEntry() {
        #expect(CommandCatalog.lookup(["config", "get", "maxmemory"])?.name == "CONFIG GET")
        #expect(CommandCatalog.lookup(["Config", "nope"])?.name == "CONFIG")
        #expect(CommandCatalog.lookup(["get", "k"])?.name == "GET")
        #expect(CommandCatalog.lookup(["nosuch"]) == nil)
        #expect(CommandCatalog.lookup([]) == nil)
    }

    // MARK: Completion

    @Test func completionsByPrefix() {
        #expect(CommandTable.completions(prefix: "getr") == ["GETRANGE"])
        #expect(CommandTable.completions(prefix: "get") == ["GET", "GETBIT", "GETDEL", "GETEX", "GETRANGE", "GETSET"])
        #expect(CommandTable.completions(prefix: "config g") == ["CONFIG GET"])
        #expect(
            CommandTable.completions(prefix: "conf")
                == ["CONFIG", "CONFIG GET", "CONFIG HELP", "CONFIG RESETSTAT", "CONFIG REWRITE", "CONFIG SET"])
        #expect(CommandTable.completions(prefix: "zzz") == [])
        #expect(CommandTable.completions(prefix: "").count == 366)
    }

    @Test func lineCompletionsFollowRedisCLI() {
        // Observed in redis-cli 7.0.15: Tab after "conf" cycles CONFIG, CONFIG GET, CONFIG HELP…
        #expect(Array(CommandTable.completions(line: "conf").prefix(3)) == ["CONFIG", "CONFIG GET", "CONFIG HELP"])
        #expect(CommandTable.completions(line: "config g") == ["CONFIG GET"])
        // "help @str" → help @stream, help @string; "HELP @" starts with @bitmap.
        #expect(CommandTable.completions(line: "help @str") == ["help @stream", "help @string"])
        #expect(CommandTable.completions(line: "HELP @").first == "HELP @bitmap")
        #expect(Array(CommandTable.completions(line: "help con").prefix(3)) == ["help CONFIG", "help CONFIG GET", "help CONFIG HELP"])
        #expect(CommandTable.completions(line: "help   obj").first == "help   OBJECT")
        // redis-cli completes only at the start of the line, without leading spaces.
        #expect(CommandTable.completions(line: "  ge") == [])
        #expect(CommandTable.completions(line: "set k v") == [])
    }

    // MARK: Hints

    static let setRest = "[NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"

    /// Recorded from redis-cli 7.0.15 (hint text shown after typing the line).
    static let redisCLIHints: [(line: String, hint: String?)] = [
        ("SET", " key value " + setRest),
        ("SET ", "key value " + setRest),
        ("SET k", " value " + setRest),
        ("SET k ", "value " + setRest),
        ("SET k v ", setRest),
        ("SET k v NX ", setRest),
        ("set k v nx get ", setRest),
        ("GET", " key"),
        ("GET k", " "),
        ("GET k ", ""),
        ("CONFIG", " "),
        ("CONFIG ", ""),
        ("CONFIG SET", " parameter value [parameter value ...]"),
        ("CONFIG SET ", "parameter value [parameter value ...]"),
        ("CONFIG SET a b ", "[parameter value ...]"),
        ("config get x ", "[parameter ...]"),
        ("CONFIG NOSUCH ", ""),
        ("ZADD k ", "[NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]"),
        ("ZADD k NX ", "[NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]"),
        ("HSET k f v f2 v2 ", "[field value ...]"),
        ("EVAL \"x\" 0 ", "[key [key ...]] [arg [arg ...]]"),
        ("GE", nil),
        ("  SET k ", "value " + setRest),
        ("SET \"a", nil),
        ("SET \"a b\" ", "value " + setRest),
        ("XADD s * f v ", "[NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...]"),
        ("NOSUCH k ", nil),
        ("PING ", "[message]"),
        ("PING x ", "[message]"),
        (
            "MIGRATE h p ",
            "key|\"\" destination-db timeout [COPY] [REPLACE] [[AUTH password]|[AUTH2 username password]] [KEYS key [key ...]]"
        ),
        ("LPUSH k a b c ", "[element ...]"),
        ("OBJECT ENCODING ", "key"),
        ("OBJECT", " "),
        ("memory usage k ", "[SAMPLES count]"),
        ("", nil),
        ("   ", nil),
    ]

    @Test func lineHintsMatchRedisCLI() {
        for (line, expected) in Self.redisCLIHints {
            #expect(CommandTable.hint(line: line) == expected, "\(line.debugDescription)")
        }
    }

    @Test func hintForWords() {
        #expect(CommandTable.hint(for: ["SET", "k"]) == "value " + Self.setRest)
        #expect(CommandTable.hint(for: ["set"]) == "key value " + Self.setRest)
        #expect(CommandTable.hint(for: ["GET", "k"]) == "")
        #expect(CommandTable.hint(for: ["client", "kill"])?.hasPrefix("ip:port|[ID client-id]") == true)
        #expect(CommandTable.hint(for: ["nosuch"]) == nil)
        #expect(CommandTable.hint(for: []) == nil)
    }

    // MARK: Help

    @Test func helpTextIsByteIdenticalToRedisCLI() {
        for (topic, expected) in redisCLIHelpTranscripts {
            let words = topic.split(separator: " ").map(String.init)
            #expect(CommandTable.helpText(for: words, color: true, lineEnding: "\r\n") == expected, "help \(topic)")
        }
        #expect(redisCLIHelpTranscripts.count >= 8)
    }

    @Test func helpTopicsAreCaseInsensitive() {
        #expect(CommandTable.helpText(for: ["Get"]) == CommandTable.helpText(for: ["GET"]))
        #expect(CommandTable.helpText(for: ["@STRING"]) == CommandTable.helpText(for: ["@string"]))
    }

    @Test func plainHelpText() {
        #expect(
            CommandTable.helpText(for: ["get"], color: false)
                == "\n  GET key\n  summary: Get the value of a key\n  since: 1.0.0\n  group: string\n\n")
        #expect(CommandTable.helpText(for: ["multi"], color: false).contains("\n  MULTI\n"))
        #expect(CommandTable.helpText(for: ["nosuch"], color: false) == "\n")
        #expect(CommandTable.helpText(for: [], color: false) == "")
    }

    @Test func groupHelpListsTheGroupWithoutGroupLines() {
        let text = CommandTable.helpText(for: ["@transactions"], color: false)
        for name in ["DISCARD", "EXEC", "MULTI", "UNWATCH", "WATCH"] {
            #expect(text.contains("\n  \(name)"))
        }
        #expect(!text.contains("group:"))
    }

    @Test func genericHelp() {
        let text = CommandTable.genericHelp(version: "0.1.0")
        #expect(text.hasPrefix("rwb 0.1.0\nTo get help about Redis commands type:\n"))
        #expect(text.contains("\"help @<group>\""))
        #expect(text.contains(".help"))
    }
}
