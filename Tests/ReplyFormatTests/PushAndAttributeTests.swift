import RESP
import ReplyFormat
import Testing

@Suite("Pushes and attributes")
struct PushAndAttributeTests {
    /// redis-cli -3 (interactive): CLIENT TRACKING on, GET a, another client sets a → this line.
    @Test func invalidationOnATerminal() {
        let push = RESPValue.push([.str("invalidate"), .array([.str("a")])])
        #expect(ReplyFormatter(mode: .tty).formatPush(push) == b("-> invalidate: 'a'\n"))
        let two = RESPValue.push([.str("invalidate"), .array([.str("a"), .str("b c")])])
        #expect(ReplyFormatter(mode: .tty).formatPush(two) == b("-> invalidate: 'a', 'b c'\n"))
    }

    @Test func otherPushesAndModesFormatAsReplies() {
        // FLUSHALL invalidates everything with a nil key list: not the special form.
        let flush = RESPValue.push([.str("invalidate"), .null])
        #expect(ReplyFormatter(mode: .tty).formatPush(flush) == b("1) \"invalidate\"\n2) (nil)\n"))
        let push = RESPValue.push([.str("invalidate"), .array([.str("a")])])
        #expect(ReplyFormatter(mode: .raw).formatPush(push) == b("invalidate\na\n"))
        #expect(ReplyFormatter(mode: .csv).formatPush(push) == b("\"invalidate\",\"a\"\n"))
        #expect(ReplyFormatter(mode: .json).formatPush(push) == b("[\"invalidate\",[\"a\"]]\n"))
        let message = RESPValue.push([.str("message"), .str("ch"), .str("hi")])
        #expect(ReplyFormatter(mode: .tty).formatPush(message) == b("1) \"message\"\n2) \"ch\"\n3) \"hi\"\n"))
    }

    /// redis-cli 7.0 fails on attributes ("Protocol error, got \"|\" as reply type byte");
    /// we print the value they decorate, in every mode.
    @Test func attributesPrintTheirValue() {
        let attributes = [RESPPair(.str("key-popularity"), .map([RESPPair(.str("a"), .double(0.1923))]))]
        let value = RESPValue.attribute(attributes, value: .array([.integer(2_039_123), .integer(9_543_892)]))
        #expect(text(value, .tty) == "1) (integer) 2039123\n2) (integer) 9543892\n")
        #expect(text(value, .raw) == "2039123\n9543892\n")
        #expect(text(value, .csv) == "2039123,9543892\n")
        #expect(text(value, .json) == "[2039123,9543892]\n")
    }

    @Test func attributeInsideAggregates() {
        let decorated = RESPValue.attribute([RESPPair(.str("ttl"), .integer(1))], value: .array([.integer(1), .integer(2)]))
        let map = RESPValue.map([RESPPair(.str("k"), decorated)])
        // It counts as the multi-line value it wraps.
        #expect(text(map, .tty) == "1# \"k\" => \n   1) (integer) 1\n   2) (integer) 2\n")
        #expect(text(.array([.str("x"), decorated]), .tty) == "1) \"x\"\n2) 1) (integer) 1\n   2) (integer) 2\n")
    }
}
