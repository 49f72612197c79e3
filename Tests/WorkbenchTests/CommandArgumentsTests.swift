import RESP
import RedisCommands
import Testing
import Workbench

/// The word-shaping rules of redis-cli's modes, without a server.
@Suite struct CommandArgumentsTests {
    private func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }

    @Test func evalSplitsKeysFromArgumentsAtTheFirstLoneComma() {
        let script = Array("return 1".utf8)
        #expect(
            CommandArguments.eval(script: script, words: bytes(["k1", "k2", ",", "a1", ","]))
                == bytes(["EVAL", "return 1", "2", "k1", "k2", "a1", ","]))
        #expect(CommandArguments.eval(script: script, words: bytes(["k1"])) == bytes(["EVAL", "return 1", "1", "k1"]))
        #expect(CommandArguments.eval(script: script, words: bytes([",", "a"])) == bytes(["EVAL", "return 1", "0", "a"]))
        #expect(CommandArguments.eval(script: script, words: bytes(["a,", ",b"])) == bytes(["EVAL", "return 1", "2", "a,", ",b"]))
        #expect(CommandArguments.eval(script: script, words: []) == bytes(["EVAL", "return 1", "0"]))
    }

    @Test func quotedInputReadsEachWordAsOneQuotedArgument() throws {
        #expect(
            try CommandArguments.unquoted(bytes(["\"a\\x00b\"", "plain", "'it s'"])) == [
                [0x61, 0, 0x62], Array("plain".utf8), Array("it s".utf8),
            ])
        #expect(throws: CommandArguments.Failure.self) { try CommandArguments.unquoted(bytes(["\"open"])) }
        #expect(throws: CommandArguments.Failure.self) { try CommandArguments.unquoted(bytes(["two words"])) }
    }

    @Test func theStdinTagReplacesTheFirstMatchOnly() throws {
        let replaced = try CommandArguments.replacingTag("t", in: bytes(["SET", "t", "t"])) { Array("in".utf8) }
        #expect(replaced == bytes(["SET", "in", "t"]))
        #expect(throws: CommandArguments.Failure.self) { try CommandArguments.replacingTag("t", in: bytes(["SET", "k"])) { [] } }
    }

    @Test func blockingCommandsWithoutATimeoutAreKnown() {
        #expect(CommandFacts.blocksForever(["BLPOP", "a", "b", "0"]))
        #expect(CommandFacts.blocksForever(["brpop", "a", "0.0"]))
        #expect(!CommandFacts.blocksForever(["BLPOP", "a", "1"]))
        #expect(CommandFacts.blocksForever(["BLMPOP", "0", "1", "a", "LEFT"]))
        #expect(!CommandFacts.blocksForever(["BLMPOP", "2", "1", "a", "LEFT"]))
        #expect(CommandFacts.blocksForever(["XREAD", "COUNT", "1", "block", "0", "STREAMS", "s", "$"]))
        #expect(!CommandFacts.blocksForever(["XREAD", "STREAMS", "s", "0"]))
        #expect(!CommandFacts.blocksForever(["GET", "0"]))
    }
}
