import RESP
import RedisCommands
import ReplyFormat
import Testing

@Suite("Commands printed raw on a terminal")
struct RawOutputCommandTests {
    @Test(arguments: [
        ["INFO"], ["info", "server"], ["LOLWUT"], ["CLIENT", "LIST"], ["client", "list", "TYPE", "normal"],
        ["CLIENT", "INFO"], ["MEMORY", "DOCTOR"], ["memory", "malloc-stats"], ["LATENCY", "DOCTOR"],
        ["LATENCY", "GRAPH", "command"], ["CLUSTER", "NODES"], ["CLUSTER", "INFO"], ["DEBUG", "HTSTATS", "0"],
        ["DEBUG", "HTSTATS-KEY", "k"], ["DEBUG", "CLIENT-EVICTION"], ["PROXY", "INFO"],
    ])
    func raw(_ arguments: [String]) {
        #expect(CommandFacts.printsRawOnTerminal(RedisCommand(arguments)))
    }

    @Test(arguments: [
        [], ["GET", "k"], ["CLIENT"], ["CLIENT", "ID"], ["CLUSTER", "NODES", "x"], ["LATENCY", "DOCTOR", "x"],
        ["LATENCY", "GRAPH"], ["MEMORY", "USAGE", "k"], ["DEBUG", "OBJECT", "k"], ["INFOX"], ["CLUSTER", "SLOTS"],
    ])
    func notRaw(_ arguments: [String]) {
        #expect(!CommandFacts.printsRawOnTerminal(RedisCommand(arguments)))
    }

    @Test func namesCompareASCIIOnly() {
        // strcasecmp does not fold non-ASCII letters.
        #expect(!CommandFacts.printsRawOnTerminal(RedisCommand(["ınfo"])))
        #expect(CommandFacts.printsRawOnTerminal(RedisCommand(["InFo"])))
    }

    @Test func infoPrintsAsItsBytesInEveryModeButJSON() {
        let info = RESPValue.str("# Server\r\nredis_version:7.0.15\r\n")
        for mode in [OutputMode.tty, .raw, .csv] {
            #expect(text(info, mode, command: ["INFO", "server"]) == "# Server\r\nredis_version:7.0.15\r\n")
        }
        #expect(text(info, .json, command: ["INFO"]) == "\"# Server\\r\\nredis_version:7.0.15\\r\\n\"\n")
        // Without the command, it is an ordinary string.
        #expect(text(info, .tty) == "\"# Server\\r\\nredis_version:7.0.15\\r\\n\"\n")
    }

    @Test func errorsAndNilOfRawCommands() {
        // redis-cli (tty): CLIENT LIST badarg → "ERR syntax error\n"
        #expect(text(.simpleError("ERR syntax error"), .tty, command: ["CLIENT", "LIST", "badarg"]) == "ERR syntax error\n")
        #expect(text(.null, .tty, command: ["INFO"]) == "")
    }

    @Test func verbatimReplyOfARawCommand() {
        // redis-cli -3 (tty): CLIENT INFO is a verbatim string; its text is printed as it is.
        let value = RESPValue.verbatimString(format: "txt", text: RESPBytes(b("id=3 resp=3\n")))
        #expect(text(value, .tty, command: ["CLIENT", "INFO"]) == "id=3 resp=3\n")
    }
}
