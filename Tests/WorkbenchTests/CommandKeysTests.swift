import RESP
import RedisCommands
import Testing

/// Key positions from the catalog's key specifications. `IntegrationTests/ClusterTests`
/// checks the same table against the server's own `COMMAND GETKEYS`.
@Suite struct CommandKeysTests {
    static let cases: [([String], [Int])] = [
        (["GET", "k"], [1]),
        (["set", "k", "v", "EX", "10"], [1]),
        (["MSET", "a", "1", "b", "2"], [1, 3]),
        (["MGET", "a", "b", "c"], [1, 2, 3]),
        (["DEL", "a", "b"], [1, 2]),
        (["EVAL", "return 1", "2", "k1", "k2", "arg"], [3, 4]),
        (["EVALSHA", "abc", "0"], []),
        (["FCALL", "f", "1", "k", "x"], [3]),
        (["XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"], [4, 5]),
        (["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"], [5]),
        (["ZUNIONSTORE", "dest", "2", "a", "b", "WEIGHTS", "1", "2"], [1, 3, 4]),
        (["LMPOP", "2", "a", "b", "LEFT"], [2, 3]),
        (["BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"], [1, 2]),
        (["OBJECT", "ENCODING", "k"], [2]),
        (["MEMORY", "USAGE", "k"], [2]),
        (["MIGRATE", "h", "1", "", "0", "5000", "KEYS", "a", "b"], [7, 8]),
        (["MIGRATE", "h", "1", "k", "0", "5000"], [3]),
        (["SORT", "k", "LIMIT", "0", "1", "BY", "x", "GET", "y", "STORE", "d"], [1, 10]),
        (["SORT", "k", "STORE", "d"], [1, 3]),
        (["PING"], []),
        (["INFO", "memory"], []),
        (["CONFIG", "GET", "maxmemory"], []),
        // Too few arguments: the server answers with an error; nothing to route by.
        (["GET"], []),
        (["NOSUCHCOMMAND", "k"], []),
    ]

    @Test(arguments: cases)
    func positions(command: [String], expected: [Int]) {
        #expect(CommandKeys.positions(in: RedisCommand(command)) == expected, "\(command)")
    }

    @Test func keysAreTheArguments() {
        #expect(CommandKeys.keys(in: ["MSET", "a", "1", "b", "2"]) == [Array("a".utf8), Array("b".utf8)])
    }

    @Test func keywordIsMatchedWithoutCase() {
        #expect(CommandKeys.positions(in: ["xread", "streams", "s", "0"]) == [2])
    }
}
