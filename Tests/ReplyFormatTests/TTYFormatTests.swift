import RESP
import ReplyFormat
import Testing

/// Expected strings marked "redis-cli" were printed by redis-cli 7.0.15 under a terminal.
@Suite("TTY mode")
struct TTYFormatTests {
    @Test func scalars() {
        #expect(text(.integer(1), .tty) == "(integer) 1\n")
        #expect(text(.integer(-9_223_372_036_854_775_808), .tty) == "(integer) -9223372036854775808\n")
        #expect(text(.null, .tty) == "(nil)\n")
        #expect(text(.simpleString("OK"), .tty) == "OK\n")
        #expect(text(.simpleError("ERR boom"), .tty) == "(error) ERR boom\n")
        #expect(text(.bulkError(RESPBytes(b("SYNTAX invalid syntax"))), .tty) == "(error) SYNTAX invalid syntax\n")
        #expect(text(.boolean(true), .tty) == "(true)\n")
        #expect(text(.boolean(false), .tty) == "(false)\n")
        #expect(text(.str("v"), .tty) == "\"v\"\n")
        #expect(text(.str(""), .tty) == "\"\"\n")
    }

    /// redis-cli prints the double's text as redis-server 7.0 sends it (`%.17g`).
    @Test(arguments: [
        (1.5, "(double) 1.5\n"),
        (1.1, "(double) 1.1000000000000001\n"),
        (3, "(double) 3\n"),
        (1e20, "(double) 1e+20\n"),
        (1e-5, "(double) 1.0000000000000001e-05\n"),
        (.leastNonzeroMagnitude, "(double) 4.9406564584124654e-324\n"),
        (1e16, "(double) 10000000000000000\n"),
        (1e17, "(double) 1e+17\n"),
        (1.2345678901234568e17, "(double) 1.2345678901234568e+17\n"),
        (Double.infinity, "(double) inf\n"),
        (-Double.infinity, "(double) -inf\n"),
        (Double.nan, "(double) nan\n"),
        (-0.0, "(double) -0\n"),
    ])
    func doubles(value: Double, expected: String) {
        #expect(text(.double(value), .tty) == expected)
    }

    /// redis-cli 7.0 exits with "Unknown reply type: 13"; we print what redis-cli 7.2 does.
    @Test func bigNumber() {
        #expect(
            text(.bigNumber("3492890328409238509324850943850943825024385"), .tty)
                == "(big number) 3492890328409238509324850943850943825024385\n")
    }

    @Test func verbatimPrintsItsText() {
        // redis-cli: DEBUG PROTOCOL verbatim
        let value = RESPValue.verbatimString(format: "txt", text: RESPBytes(b("This is a verbatim\nstring")))
        #expect(text(value, .tty) == "This is a verbatim\nstring\n")
    }

    @Test func escapes() {
        // redis-cli: SET bin $'a\x01\x7f\xc3\xa9 \t\r\n\a\b\\"\x1b~' then GET bin
        let value = RESPValue.bulkString([0x61, 0x01, 0x7F, 0xC3, 0xA9, 0x20, 0x09, 0x0D, 0x0A, 0x07, 0x08, 0x5C, 0x22, 0x1B, 0x7E])
        #expect(text(value, .tty) == #""a\x01\x7f\xc3\xa9 \t\r\n\a\b\\\"\x1b~""# + "\n")
        // redis-cli: SET u héllo, GET u
        #expect(text(.str("héllo"), .tty) == #""h\xc3\xa9llo""# + "\n")
        // redis-cli: EVAL "return string.char(0,255,12,11,128,32)" 0
        #expect(text(.bulkString([0, 255, 12, 11, 128, 32]), .tty) == #""\x00\xff\x0c\x0b\x80 ""# + "\n")
    }

    @Test func everyByteEscapesAsReprDoes() {
        let output = text(.bulk(Array(0...255)), .tty)
        #expect(output.hasPrefix(#""\x00\x01\x02\x03\x04\x05\x06\a\b\t\n\x0b\x0c\r\x0e"#))
        #expect(
            output.contains(##" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f\x80"##)
        )
        #expect(output.hasSuffix(#"\xfe\xff""# + "\n"))
    }

    @Test func emptyAggregates() {
        #expect(text(.array([]), .tty) == "(empty array)\n")
        #expect(text(.map([]), .tty) == "(empty hash)\n")
        #expect(text(.set([]), .tty) == "(empty set)\n")
        #expect(text(.push([]), .tty) == "(empty push)\n")
    }

    @Test func flatArray() {
        #expect(text(.array([.str("a"), .str("b"), .str("c")]), .tty) == "1) \"a\"\n2) \"b\"\n3) \"c\"\n")
    }

    @Test func nestedMixed() {
        // redis-cli: EVAL 'return {1, redis.error_reply("boom"), "x", {}, {"a",{"b","c"}}, false}' 0
        let value = RESPValue.array([
            .integer(1), .simpleError("ERR boom"), .str("x"), .array([]),
            .array([.str("a"), .array([.str("b"), .str("c")])]), .null,
        ])
        #expect(
            text(value, .tty) == """
                1) (integer) 1
                2) (error) ERR boom
                3) "x"
                4) (empty array)
                5) 1) "a"
                   2) 1) "b"
                      2) "c"
                6) (nil)

                """)
    }

    @Test func nestedEmptyArrays() {
        let value = RESPValue.array([.array([]), .array([.array([])]), .array([.array([]), .array([])])])
        #expect(
            text(value, .tty) == """
                1) (empty array)
                2) 1) (empty array)
                3) 1) (empty array)
                   2) (empty array)

                """)
    }

    @Test func indexAlignmentPastTen() {
        // redis-cli: EVAL 'local t={} for i=1,11 do t[i]=i end t[12]={"x",{"y"}} t[13]={} return t' 0
        var items = (1...11).map { RESPValue.integer(Int64($0)) }
        items.append(.array([.str("x"), .array([.str("y")])]))
        items.append(.array([]))
        #expect(
            text(.array(items), .tty) == """
                 1) (integer) 1
                 2) (integer) 2
                 3) (integer) 3
                 4) (integer) 4
                 5) (integer) 5
                 6) (integer) 6
                 7) (integer) 7
                 8) (integer) 8
                 9) (integer) 9
                10) (integer) 10
                11) (integer) 11
                12) 1) "x"
                    2) 1) "y"
                13) (empty array)

                """)
    }

    @Test func exactlyTenUsesTwoColumns() {
        let lines = text(.array((1...10).map { .integer(Int64($0)) }), .tty).split(separator: "\n")
        #expect(lines.first == " 1) (integer) 1")
        #expect(lines.last == "10) (integer) 10")
        let nine = text(.array((1...9).map { .integer(Int64($0)) }), .tty).split(separator: "\n")
        #expect(nine.last == "9) (integer) 9")
    }

    @Test func indexAlignmentPastHundred() {
        // redis-cli: EVAL 'local t={} for i=1,101 do t[i]="v"..i end t[102]={"a","b"} return t' 0
        var items = (1...101).map { RESPValue.str("v\($0)") }
        items.append(.array([.str("a"), .str("b")]))
        let lines = text(.array(items), .tty).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "  1) \"v1\"")
        #expect(lines[8] == "  9) \"v9\"")
        #expect(lines[9] == " 10) \"v10\"")
        #expect(lines[98] == " 99) \"v99\"")
        #expect(lines[99] == "100) \"v100\"")
        #expect(lines[101] == "102) 1) \"a\"")
        #expect(lines[102] == "     2) \"b\"")
        #expect(lines[103] == "")
        #expect(lines.count == 104)
    }

    @Test func nestedListIndentsByItsOwnWidth() {
        // A 10-element list inside a 3-element list: inner lines indent by 3 + the inner width.
        let inner = RESPValue.array((1...10).map { .str("e\($0)") })
        let lines = text(.array([.str("a"), inner, .str("z")]), .tty).split(separator: "\n")
        #expect(lines[1] == "2)  1) \"e1\"")
        #expect(lines[2] == "    2) \"e2\"")
        #expect(lines[10] == "   10) \"e10\"")
        #expect(lines[11] == "3) \"z\"")
    }

    @Test func setsAndMaps() {
        // redis-cli -3: DEBUG PROTOCOL set / map
        #expect(text(.set([.integer(0), .integer(1), .integer(2)]), .tty) == "1~ (integer) 0\n2~ (integer) 1\n3~ (integer) 2\n")
        let map = RESPValue.map([
            RESPPair(.integer(0), .boolean(false)), RESPPair(.integer(1), .boolean(true)), RESPPair(.integer(2), .boolean(false)),
        ])
        #expect(text(map, .tty) == "1# (integer) 0 => (false)\n2# (integer) 1 => (true)\n3# (integer) 2 => (false)\n")
    }

    @Test func mapValueThatTakesSeveralLinesStartsOnANewLine() {
        // redis-cli -3: EVAL "redis.setresp(3); return {map={k={1,2}}}" 0 (note the space after =>)
        let value = RESPValue.map([RESPPair(.str("k"), .array([.integer(1), .integer(2)]))])
        #expect(text(value, .tty) == "1# \"k\" => \n   1) (integer) 1\n   2) (integer) 2\n")
    }

    @Test func mapValueOfOneLineStaysOnTheKeyLine() {
        // redis-cli -3: {map={k={1}}}, {map={k={map={a=1}}}}, {map={k={set={x=true}}}}, {map={k={map={}}}}
        #expect(text(.map([RESPPair(.str("k"), .array([.integer(1)]))]), .tty) == "1# \"k\" => 1) (integer) 1\n")
        #expect(
            text(.map([RESPPair(.str("k"), .map([RESPPair(.str("a"), .integer(1))]))]), .tty)
                == "1# \"k\" => 1# \"a\" => (integer) 1\n")
        #expect(text(.map([RESPPair(.str("k"), .set([.str("x")]))]), .tty) == "1# \"k\" => 1~ \"x\"\n")
        #expect(text(.map([RESPPair(.str("k"), .map([]))]), .tty) == "1# \"k\" => (empty hash)\n")
    }

    @Test func mapValueWithOneMultilineElement() {
        // redis-cli -3: {map={k={{1,2}}}} and {map={k={map={a={1,2}}}}}
        let one = RESPValue.map([RESPPair(.str("k"), .array([.array([.integer(1), .integer(2)])]))])
        #expect(text(one, .tty) == "1# \"k\" => \n   1) 1) (integer) 1\n      2) (integer) 2\n")
        let nested = RESPValue.map([
            RESPPair(.str("k"), .map([RESPPair(.str("a"), .array([.integer(1), .integer(2)]))]))
        ])
        #expect(
            text(nested, .tty) == """
                1# "k" =>\u{20}
                   1# "a" =>\u{20}
                      1) (integer) 1
                      2) (integer) 2

                """)
    }

    @Test func mapValueSetOrMapOfSeveralEntries() {
        // redis-cli -3: {map={k={set={x=true,y=true}}}} and {map={k={map={a=1,b=2}}}}
        #expect(text(.map([RESPPair(.str("k"), .set([.str("y"), .str("x")]))]), .tty) == "1# \"k\" => \n   1~ \"y\"\n   2~ \"x\"\n")
        let inner = RESPValue.map([RESPPair(.str("a"), .integer(1)), RESPPair(.str("b"), .integer(2))])
        #expect(
            text(.map([RESPPair(.str("k"), inner)]), .tty)
                == "1# \"k\" => \n   1# \"a\" => (integer) 1\n   2# \"b\" => (integer) 2\n")
    }

    @Test func xinfoStreamFull() {
        // redis-cli -3: XINFO STREAM st FULL (entries 1-1 f v, 2-1 f2 v2 g h)
        let value = RESPValue.map([
            RESPPair(.str("length"), .integer(2)),
            RESPPair(.str("last-generated-id"), .str("2-1")),
            RESPPair(
                .str("entries"),
                .array([
                    .array([.str("1-1"), .array([.str("f"), .str("v")])]),
                    .array([.str("2-1"), .array([.str("f2"), .str("v2"), .str("g"), .str("h")])]),
                ])),
            RESPPair(.str("groups"), .array([])),
        ])
        #expect(
            text(value, .tty) == """
                1# "length" => (integer) 2
                2# "last-generated-id" => "2-1"
                3# "entries" =>\u{20}
                   1) 1) "1-1"
                      2) 1) "f"
                         2) "v"
                   2) 1) "2-1"
                      2) 1) "f2"
                         2) "v2"
                         3) "g"
                         4) "h"
                4# "groups" => (empty array)

                """)
    }

    @Test func mapIndexWidthCountsPairs() {
        // redis-cli -3: a 12-entry map; the width is that of 12, not of 24 elements.
        var pairs = (1...12).map { RESPPair(.str("key\($0)"), .integer(Int64($0))) }
        pairs[7] = RESPPair(.str("key8"), .array([.str("x"), .str("y")]))
        let lines = text(.map(pairs), .tty).split(separator: "\n")
        #expect(lines[0] == " 1# \"key1\" => (integer) 1")
        #expect(lines[7] == " 8# \"key8\" => ")
        #expect(lines[8] == "    1) \"x\"")
        #expect(lines[9] == "    2) \"y\"")
        #expect(lines[12] == "11# \"key11\" => (integer) 11")
        // Nine pairs (18 elements) still use one column.
        let nine = text(.map((1...9).map { RESPPair(.integer(Int64($0)), .null) }), .tty)
        #expect(nine.hasPrefix("1# (integer) 1 => (nil)\n"))
    }

    @Test func mapsInsideArrays() {
        let value = RESPValue.array([
            .str("first"),
            .map([RESPPair(.str("a"), .array([.integer(1), .integer(2)]))]),
            .map([RESPPair(.str("b"), .str("c"))]),
            .map([]), .set([]),
        ])
        #expect(
            text(value, .tty) == """
                1) "first"
                2) 1# "a" =>\u{20}
                      1) (integer) 1
                      2) (integer) 2
                3) 1# "b" => "c"
                4) (empty hash)
                5) (empty set)

                """)
    }

    @Test func pushPrintsAsAList() {
        // redis-cli -3: DEBUG PROTOCOL push prints the push before the reply.
        #expect(text(.push([.str("server-cpu-usage"), .integer(42)]), .tty) == "1) \"server-cpu-usage\"\n2) (integer) 42\n")
    }

    @Test func statusInsideArrayIsBare() {
        #expect(text(.array([.simpleString("FINE"), .str("FINE")]), .tty) == "1) FINE\n2) \"FINE\"\n")
    }
}
