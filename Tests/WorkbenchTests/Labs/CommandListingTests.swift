import RESP
import Testing

@testable import Workbench

/// `--show-commands` lines: long arguments cut at 80 bytes, long commands at 16 arguments.
@Suite struct CommandListingTests {
    @Test func aLongCommandShowsItsFirstArgumentsAndCountsTheRest() {
        let zadd = RedisCommand(["ZADD", "board"] + (0..<500).flatMap { [String($0), "player:\($0)"] })
        #expect(
            CommandListing.line(zadd)
                == "ZADD board 0 player:0 1 player:1 2 player:2 3 player:3 4 player:4 5 player:5 6 player:6 … (986 more arguments)")
        #expect(CommandListing.line(RedisCommand("ZREVRANK", "board", "player:7")) == "ZREVRANK board player:7")
        let long = CommandListing.line(RedisCommand("SET", "k", String(repeating: "v", count: 100)))
        #expect(long == "SET k " + String(repeating: "v", count: 80) + "…")
    }
}
