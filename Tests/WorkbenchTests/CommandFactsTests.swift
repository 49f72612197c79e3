import RESP
import RedisCommands
import Testing

@Suite struct CommandFactsTests {
    /// What the client resent before the facts moved into the catalog: still resent.
    static let formerlyResent: [[String]] = [
        ["GET", "k"], ["HGETALL", "h"], ["ZRANGE", "z", "0", "-1"], ["SCAN", "0"], ["TTL", "k"], ["TOUCH", "k"],
        ["PING"], ["ECHO", "x"], ["INFO"], ["TIME"], ["ROLE"], ["DBSIZE"], ["KEYS", "*"], ["LOLWUT"],
        ["CLIENT", "ID"], ["client", "list"], ["CONFIG", "GET", "maxmemory"], ["MEMORY", "USAGE", "k"],
        ["MEMORY", "STATS"], ["OBJECT", "ENCODING", "k"], ["SLOWLOG", "GET"], ["COMMAND", "LIST"],
        ["CLUSTER", "SHARDS"], ["LATENCY", "DOCTOR"],
    ]

    @Test(arguments: formerlyResent)
    func readsAreSafeToResend(arguments: [String]) {
        #expect(CommandFacts.isSafeToResend(RedisCommand(arguments)))
    }

    @Test(arguments: [
        ["INCR", "k"], ["SET", "k", "v"], ["CONFIG", "SET", "maxmemory", "1"], ["EVAL", "return 1", "0"],
        ["CLIENT", "KILL", "ID", "1"], ["FLUSHALL"], ["NOSUCH"], [],
    ])
    func writesAndUnknownsAreNot(arguments: [String]) {
        #expect(!CommandFacts.isSafeToResend(RedisCommand(arguments)))
    }

    @Test func streamingAndDanger() {
        #expect(CommandFacts.streamsMessages(["monitor"]))
        #expect(CommandFacts.streamsMessages(["PSUBSCRIBE", "a*"]))
        #expect(!CommandFacts.streamsMessages(["UNSUBSCRIBE"]))
        #expect(CommandFacts.dangerReason(["config", "set", "x", "y"]) != nil)
        #expect(CommandFacts.dangerReason(["CONFIG", "GET", "x"]) == nil)
        #expect(CommandFacts.carriesSecret(lowercased: ["hello", "3", "auth", "u", "p"]))
        #expect(!CommandFacts.carriesSecret(lowercased: ["get", "auth"]))
    }
}
