import RESP
import ReplyFormat
import Testing

/// Expected strings were printed by redis-cli 7.0.15 --csv.
@Suite("CSV mode")
struct CSVFormatTests {
    @Test func scalars() {
        #expect(text(.simpleString("PONG"), .csv) == "\"PONG\"\n")
        #expect(text(.integer(12345), .csv) == "12345\n")
        #expect(text(.null, .csv) == "NULL\n")
        #expect(text(.boolean(true), .csv) == "true\n")
        #expect(text(.boolean(false), .csv) == "false\n")
        #expect(text(.double(3.141), .csv) == "3.141\n")
        #expect(text(.double(1e17), .csv) == "1e+17\n")
        #expect(text(.bigNumber("12345678901234567890"), .csv) == "12345678901234567890\n")
        #expect(
            text(.verbatimString(format: "txt", text: RESPBytes(b("This is a verbatim\nstring"))), .csv)
                == "\"This is a verbatim\\nstring\"\n")
    }

    @Test func errors() {
        #expect(
            text(.simpleError("ERR unknown command 'foo', with args beginning with: "), .csv)
                == "ERROR,\"ERR unknown command 'foo', with args beginning with: \"\n")
    }

    @Test func stringsAreQuotedLikeTTY() {
        let bytes: [UInt8] = [0x61, 0x01, 0x7F, 0xC3, 0xA9, 0x20, 0x09, 0x0D, 0x0A, 0x07, 0x08, 0x5C, 0x22, 0x1B, 0x7E]
        #expect(text(.bulk(bytes), .csv) == #""a\x01\x7f\xc3\xa9 \t\r\n\a\b\\\"\x1b~""# + "\n")
    }

    @Test func aggregatesFlatten() {
        // redis-cli --csv: EVAL 'return {1, redis.error_reply("boom"), "x", {}, {"a",{"b","c"}}, false}' 0
        let value = RESPValue.array([
            .integer(1), .simpleError("ERR boom"), .str("x"), .array([]),
            .array([.str("a"), .array([.str("b"), .str("c")])]), .null,
        ])
        #expect(text(value, .csv) == "1,ERROR,\"ERR boom\",\"x\",,\"a\",\"b\",\"c\",NULL\n")
        // redis-cli -3 --csv: DEBUG PROTOCOL map, HELLO 3 (abridged), {{map={}},{set={}}}
        let map = RESPValue.map([RESPPair(.integer(0), .boolean(false)), RESPPair(.integer(1), .boolean(true))])
        #expect(text(map, .csv) == "0,false,1,true\n")
        let hello = RESPValue.map([RESPPair(.str("proto"), .integer(3)), RESPPair(.str("modules"), .array([]))])
        #expect(text(hello, .csv) == "\"proto\",3,\"modules\",\n")
        #expect(text(.array([.map([]), .set([])]), .csv) == ",\n")
        #expect(text(.array([]), .csv) == "\n")
    }
}
