import RESP
import Testing
import Workbench

/// `--ldb`'s pure halves, without a server: how the debugger's log lines print (plain, and in
/// redis-cli's colours), how a typed line becomes a command, and the flags' rules. The lines
/// are those a Redis 7.0 server sent in a session (`Tests/ReplTests/test_lua_debugger.py`
/// runs the same session through redis-cli and rwb).
@Suite struct LuaDebuggerTests {
    private func logs(_ lines: [String]) -> RESPValue { .array(lines.map { .simpleString($0) }) }
    private func text(_ formatted: LuaDebuggerReply.Formatted) -> String { String(decoding: formatted.text, as: UTF8.self) }
    private func words(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

    @Test func logLinesPrintOneALineThenANewline() {
        let reply = LuaDebuggerReply.format(
            logs(["* Stopped at 1, stop reason = step over", "-> 1   local key = KEYS[1]"]), colored: false)
        #expect(text(reply) == "* Stopped at 1, stop reason = step over\n-> 1   local key = KEYS[1]\n")
        #expect(!reply.endsSession)
        #expect(text(LuaDebuggerReply.format(.array([]), colored: false)) == "\n")
    }

    @Test func theEndMarkPrintsAsABlankLineAndEndsTheSession() {
        let reply = LuaDebuggerReply.format(logs(["<debug> line 5: \"got\", \"bar\"", "<endsession>"]), colored: false)
        #expect(text(reply) == "<debug> line 5: \"got\", \"bar\"\n\n")
        #expect(reply.endsSession)
        let alone = LuaDebuggerReply.format(logs(["<endsession>"]), colored: false)
        #expect(text(alone) == "\n" && alone.endsSession)
    }

    @Test func eachPrefixHasRedisClisColour() {
        let reset = "\u{1b}[0m"
        let cases: [(String, String)] = [
            ("* Stopped at 2, stop reason = step over", "0;37"),
            ("-> 2   local value = ARGV[1]", "0;33"),
            ("->#5   redis.debug('got', got)", "0;33"),
            ("  #5   redis.debug('got', got)", "1;37"),
            ("   4   local got = redis.call('GET', key)", "0;37"),
            ("<redis> GET foo", "0;32"),
            ("<reply> \"bar\"", "0;36"),
            ("<error> Unknown Redis Lua debugger command or wrong number of arguments.", "0;31"),
            ("<debug> line 5: \"got\", \"bar\"", "1;37"),
            ("<hint> The above reply was trimmed. Use 'maxlen 0' to disable trimming.", "1;37"),
            ("<value> key = \"foo\"", "0;35"),
            ("<retval> 2", "0;35"),
            ("", "0;37"),
        ]
        for (line, code) in cases {
            #expect(text(LuaDebuggerReply.format(logs([line]), colored: true)) == "\u{1b}[\(code);49m\(line)\(reset)\n", "\(line)")
        }
        // A later tag wins, as in redis-cli's chain of checks; a source line's marker wins over tags.
        #expect(text(LuaDebuggerReply.format(logs(["<redis> <value>"]), colored: true)).hasPrefix("\u{1b}[0;35;49m"))
        #expect(text(LuaDebuggerReply.format(logs(["-> 3   return '<redis>'"]), colored: true)).hasPrefix("\u{1b}[0;33;49m"))
        #expect(text(LuaDebuggerReply.format(logs(["<endsession>"]), colored: true)) == "\n")
    }

    @Test func aReplyThatIsNotLogLinesPrintsRaw() {
        // redis-cli's raw error ends with its own newline, then the reply's.
        #expect(text(LuaDebuggerReply.format(.simpleError("ERR no"), colored: true)) == "ERR no\n\n")
        #expect(text(LuaDebuggerReply.format(.array([.integer(3), .bulkString(RESPBytes(Array("x".utf8)))]), colored: false)) == "3\nx\n")
    }

    @Test func coloursNeedAnXtermAndATerminal() {
        #expect(LuaDebuggerReply.usesColor(term: "xterm-256color", outputIsTerminal: true))
        #expect(!LuaDebuggerReply.usesColor(term: "xterm", outputIsTerminal: false))
        #expect(!LuaDebuggerReply.usesColor(term: "dumb", outputIsTerminal: true))
        #expect(!LuaDebuggerReply.usesColor(term: nil, outputIsTerminal: true))
    }

    @Test func typedLinesBecomeCommandsByRedisClisRules() {
        #expect(LuaDebuggerInput.parse("s") == .send(words(["s"]), times: 1))
        #expect(LuaDebuggerInput.parse("  r  SET k \"a b\"") == .send(words(["r", "SET", "k", "a b"]), times: 1))
        // eval's code is one argument, as typed.
        #expect(LuaDebuggerInput.parse("eval return  'a' .. \"b\"") == .send(words(["eval", "return  'a' .. \"b\""]), times: 1))
        #expect(LuaDebuggerInput.parse("e redis.call('ping')") == .send(words(["e", "redis.call('ping')"]), times: 1))
        #expect(LuaDebuggerInput.parse("3 s") == .send(words(["s"]), times: 3))
        #expect(LuaDebuggerInput.parse("") == .nothing)
        #expect(LuaDebuggerInput.parse("   ") == .nothing)
        #expect(LuaDebuggerInput.parse("QUIT") == .quit)
        #expect(LuaDebuggerInput.parse("exit") == .quit)
        #expect(LuaDebuggerInput.parse("restart") == .restart)
        #expect(LuaDebuggerInput.parse("clear") == .clear)
        #expect(LuaDebuggerInput.parse("help") == .send(words(["help"]), times: 1))
        // A number alone is a command, not a repeat count.
        #expect(LuaDebuggerInput.parse("5") == .send(words(["5"]), times: 1))
    }

    @Test func linesTheServerWouldChokeOnAreRefusedNotSent() {
        #expect(LuaDebuggerInput.parse("r GET \"a") == .refused("Invalid argument(s)"))
        for line in ["0 s", "-2 s", "99999999999999999999 s", "1000001 s"] {
            #expect(LuaDebuggerInput.parse(line) == .refused("Invalid redis-cli repeat command option value."), "\(line)")
        }
        // The server reads 1 to 1024 bytes an argument; anything else aborts the script.
        guard case .refused = LuaDebuggerInput.parse("r SET k \"\"") else {
            Issue.record("an empty argument was sent")
            return
        }
        guard case .refused = LuaDebuggerInput.parse("r SET k " + String(repeating: "x", count: 1025)) else {
            Issue.record("an argument of 1025 bytes was sent")
            return
        }
        let longest = String(repeating: "x", count: 1024)
        #expect(LuaDebuggerInput.parse("r SET k " + longest) == .send(words(["r", "SET", "k", longest]), times: 1))
    }

    @Test func theFlagsNeedEvalAndNoCommandShaping() throws {
        #expect(throws: (any Error).self) { try ModeFlags.parse(["--ldb"]) }
        #expect(throws: (any Error).self) { try ModeFlags.parse(["--ldb-sync-mode"]) }
        #expect(throws: (any Error).self) { try ModeFlags.parse(["--ldb", "--eval", "f.lua", "-r", "3"]) }
        #expect(try ModeFlags.parse(["--ldb", "--eval", "f.lua"]).luaDebugger == .forked)
        #expect(try ModeFlags.parse(["--ldb-sync-mode", "--eval", "f.lua"]).luaDebugger == .sync)
        #expect(try ModeFlags.parse(["--ldb", "--ldb-sync-mode", "--eval", "f.lua"]).luaDebugger == .sync)
        #expect(try ModeFlags.parse(["--eval", "f.lua"]).luaDebugger == nil)
    }
}
