import RESP
import ReplyFormat
import Testing

/// Expected strings were printed by redis-cli 7.0.15 with stdout piped (raw mode).
@Suite("Raw mode")
struct RawFormatTests {
    @Test func scalars() {
        #expect(text(.integer(12345), .raw) == "12345\n")
        #expect(text(.null, .raw) == "\n")
        #expect(text(.simpleString("PONG"), .raw) == "PONG\n")
        #expect(text(.str("Hello World"), .raw) == "Hello World\n")
        #expect(text(.double(3.141), .raw) == "3.141\n")
        #expect(text(.double(1.1), .raw) == "1.1000000000000001\n")
        #expect(text(.boolean(true), .raw) == "(true)\n")
        #expect(text(.boolean(false), .raw) == "(false)\n")
        #expect(text(.bigNumber("12345678901234567890"), .raw) == "12345678901234567890\n")
        #expect(
            text(.verbatimString(format: "txt", text: RESPBytes(b("This is a verbatim\nstring"))), .raw) == "This is a verbatim\nstring\n")
    }

    /// An error's line is followed by an empty line (redis-cli adds a newline to the error
    /// text, then the reply delimiter).
    @Test func errorIsFollowedByAnEmptyLine() {
        #expect(
            text(.simpleError("ERR unknown command 'foo', with args beginning with: "), .raw)
                == "ERR unknown command 'foo', with args beginning with: \n\n")
        #expect(text(.bulkError(RESPBytes(b("SYNTAX bad"))), .raw) == "SYNTAX bad\n\n")
    }

    @Test func bytesAreWrittenAsTheyAre() {
        let bytes: [UInt8] = [0x61, 0x01, 0x7F, 0xC3, 0xA9, 0x20, 0x09, 0x0D, 0x0A, 0x07, 0x08, 0x5C, 0x22, 0x1B, 0x7E]
        #expect(ReplyFormatter(mode: .raw).format(.bulk(bytes)) == bytes + [0x0A])
        let all = [UInt8](0...255)
        #expect(ReplyFormatter(mode: .raw).format(.bulk(all)) == all + [0x0A])
    }

    @Test func emptyAggregatesAreAnEmptyLine() {
        #expect(text(.array([]), .raw) == "\n")
        #expect(text(.map([]), .raw) == "\n")
        #expect(text(.set([]), .raw) == "\n")
        #expect(text(.array([.map([]), .set([])]), .raw) == "\n\n")
    }

    @Test func nestedAggregatesFlattenOneElementPerLine() {
        // redis-cli: EVAL 'return {1, redis.error_reply("boom"), "x", {}, {"a",{"b","c"}}, false}' 0
        let value = RESPValue.array([
            .integer(1), .simpleError("ERR boom"), .str("x"), .array([]),
            .array([.str("a"), .array([.str("b"), .str("c")])]), .null,
        ])
        #expect(text(value, .raw) == "1\nERR boom\n\nx\n\na\nb\nc\n\n")
    }

    @Test func mapEntriesAreKeySpaceValue() {
        // redis-cli -3: HELLO 3 (abridged) and DEBUG PROTOCOL map
        let hello = RESPValue.map([
            RESPPair(.str("server"), .str("redis")), RESPPair(.str("proto"), .integer(3)),
            RESPPair(.str("modules"), .array([])),
        ])
        #expect(text(hello, .raw) == "server redis\nproto 3\nmodules \n")
        let map = RESPValue.map([RESPPair(.integer(0), .boolean(false)), RESPPair(.integer(1), .boolean(true))])
        #expect(text(map, .raw) == "0 (false)\n1 (true)\n")
    }

    @Test func mapValuesThatAreListsContinueOnTheNextLines() {
        // redis-cli -3: {map={k={1,2}}} and {map={k={map={a={1,2}}}}}
        #expect(text(.map([RESPPair(.str("k"), .array([.integer(1), .integer(2)]))]), .raw) == "k 1\n2\n")
        let nested = RESPValue.map([
            RESPPair(.str("k"), .map([RESPPair(.str("a"), .array([.integer(1), .integer(2)]))]))
        ])
        #expect(text(nested, .raw) == "k a 1\n2\n")
    }

    @Test func delimiters() {
        // redis-cli -d , LRANGE l 0 -1  →  a,b,c\n ; with -D XX  →  a,b,cXX
        let list = RESPValue.array([.str("a"), .str("b"), .str("c")])
        let comma = ReplyFormatter(mode: .raw, rawElementDelimiter: b(","))
        #expect(comma.format(list) == b("a,b,c\n"))
        let both = ReplyFormatter(mode: .raw, rawElementDelimiter: b(","), rawReplyDelimiter: b("XX"))
        #expect(both.format(list) == b("a,b,cXX"))
        #expect(both.format(.str("v")) == b("vXX"))
        // redis-cli -3 -d , HGETALL h
        let hash = RESPValue.map([
            RESPPair(.str("name"), .str("Ada")), RESPPair(.str("lang"), .str("Swift")), RESPPair(.str("empty"), .str("")),
        ])
        #expect(comma.format(hash) == b("name Ada,lang Swift,empty \n"))
        // The reply delimiter is not added after commands printed raw.
        #expect(both.format(.str("id=3 resp=2\n"), command: ["CLIENT", "INFO"]) == b("id=3 resp=2\n"))
    }
}
