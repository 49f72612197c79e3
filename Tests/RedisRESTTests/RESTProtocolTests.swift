import RESP
import RedisREST
import Testing

@Suite("REST protocol")
struct RESTProtocolTests {
    private func body(_ reply: RESPValue, _ encoding: RESTReply.Encoding = .plain) throws -> String {
        String(decoding: try RESTReply.body(reply, encoding: encoding), as: UTF8.self)
    }

    private func bulk(_ text: String) -> RESPValue { .bulkString(RESPBytes(Array(text.utf8))) }

    @Test func repliesAsTheSDKsReadThem() throws {
        #expect(try body(.simpleString("OK")) == #"{"result":"OK"}"#)
        #expect(try body(.integer(-42)) == #"{"result":-42}"#)
        #expect(try body(.null) == #"{"result":null}"#)
        #expect(try body(.array([bulk("a\"b"), .null, .integer(1), .array([])])) == #"{"result":["a\"b",null,1,[]]}"#)
        #expect(try body(.simpleError("ERR wrong")) == #"{"error":"ERR wrong"}"#)
        #expect(try body(.map([RESPPair(bulk("f"), .double(1.5))])) == #"{"result":["f","1.5"]}"#)
    }

    @Test func base64EncodesEveryStringButTheStatusOK() throws {
        #expect(try body(.simpleString("OK"), .base64) == #"{"result":"OK"}"#)
        #expect(try body(bulk("OK"), .base64) == #"{"result":"T0s="}"#)
        #expect(try body(.simpleString("PONG"), .base64) == #"{"result":"UE9ORw=="}"#)
        #expect(try body(.bulkString([0xFF, 0xFE, 0x00]), .base64) == #"{"result":"//4A"}"#)
        #expect(try body(.simpleError("ERR x"), .base64) == #"{"error":"ERR x"}"#)
    }

    @Test func bytesThatAreNotUTF8AreRefusedWithoutBase64() {
        #expect(throws: RESTReply.NotUTF8.self) { try RESTReply.body(.bulkString([0xC3]), encoding: .plain) }
        #expect((try? RESTReply.body(bulk("grüße"), encoding: .plain)) != nil)
    }

    @Test func commandsFromBodies() throws {
        #expect(try RESTRequest.command(body: Array(#"["SET","k",60,1.5]"#.utf8)) == RedisCommand("SET", "k", "60", "1.5"))
        let batch = try RESTRequest.batch(body: Array(#"[["INCR","n"],["GET","n"]]"#.utf8), limit: 2)
        #expect(batch == [RedisCommand("INCR", "n"), RedisCommand("GET", "n")])
        #expect(throws: RESTRequest.Refusal("a batch holds at most 1 commands; this one has 2")) {
            try RESTRequest.batch(body: Array(#"[["INCR","n"],["GET","n"]]"#.utf8), limit: 1)
        }
        #expect(throws: RESTRequest.Refusal("argument 2 of command 1 is a boolean: send strings and numbers only")) {
            try RESTRequest.batch(body: Array(#"[["GET",true]]"#.utf8), limit: 5)
        }
        #expect(throws: RESTRequest.Refusal("the command has an empty name")) { try RESTRequest.command(body: Array(#"[""]"#.utf8)) }
        #expect(throws: RESTRequest.Refusal("empty body: send a JSON array, like [\"GET\",\"k\"]")) { try RESTRequest.command(body: []) }
    }

    @Test func commandsFromPaths() throws {
        #expect(
            try RESTRequest.command(path: "/set/user%3A1/a%20b", query: "EX=60&_token=t0k3n&NX", body: [])
                == RedisCommand("set", "user:1", "a b", "EX", "60", "NX"))
        // The body is the value, before the query's options.
        #expect(try RESTRequest.command(path: "/set/k", query: "EX=60", body: Array("v".utf8)) == RedisCommand("set", "k", "v", "EX", "60"))
        #expect(try RESTRequest.command(path: "/get/%FF", query: "", body: []) == RedisCommand(bytes: [Array("get".utf8), [0xFF]]))
        #expect(throws: RESTRequest.Refusal("a '%' in the URL must be followed by two hex digits")) {
            try RESTRequest.command(path: "/get/%G1", query: "", body: [])
        }
        #expect(throws: RESTRequest.Refusal.self) { try RESTRequest.command(path: "//", query: "", body: []) }
    }

    @Test func whatASharedConnectionRefuses() {
        #expect(RESTCommandRules.refusal(["BLPOP", "q", "0"])?.contains("blocks") == true)
        #expect(RESTCommandRules.refusal(["BLPOP", "q", "0"], inTransaction: true) == nil)
        #expect(RESTCommandRules.refusal(["XREAD", "STREAMS", "s", "0"]) == nil)
        #expect(RESTCommandRules.refusal(["XREAD", "block", "10", "STREAMS", "s", "0"]) != nil)
        #expect(RESTCommandRules.refusal(["CLIENT", "SETNAME", "x"])?.hasPrefix("CLIENT SETNAME would change") == true)
        #expect(RESTCommandRules.refusal(["CLIENT", "LIST"]) == nil)
        #expect(RESTCommandRules.refusal(["select", "1"]) != nil)
        #expect(RESTCommandRules.refusal(["MULTI"])?.contains("/multi-exec") == true)
        #expect(RESTCommandRules.refusal(["PSUBSCRIBE", "*"])?.contains("server-sent events") == true)
        #expect(RESTCommandRules.refusal(["GET", "k"]) == nil)
    }

    @Test func aReadOnlyTokenRunsWhatWritesNothing() {
        #expect(RESTCommandRules.readOnlyRefusal(["GET", "k"]) == nil)
        #expect(RESTCommandRules.readOnlyRefusal(["PING"]) == nil)
        #expect(RESTCommandRules.readOnlyRefusal(["ZRANGE", "z", "0", "-1"]) == nil)
        #expect(RESTCommandRules.readOnlyRefusal(["SET", "k", "v"]) == "NOPERM this token is read-only, and SET may write")
        #expect(RESTCommandRules.readOnlyRefusal(["FLUSHALL"]) != nil)
        #expect(RESTCommandRules.readOnlyRefusal(["EVAL", "return 1", "0"]) != nil)
        #expect(RESTCommandRules.readOnlyRefusal(["NOSUCHCOMMAND"]) != nil)
    }
}
