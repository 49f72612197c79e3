import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

/// Every reply type, as a real server sends it, over RESP2 and RESP3.
@Suite(.needsRedis) struct ReplyTypeTests {
    @Test(arguments: [2, 3]) func everyCommonReplyType(protocolVersion: Int) async throws {
        try await ServerFixture.withServer { server in
            let client = ServerFixture.client(server, protocolVersion: protocolVersion)
            defer { Task { await client.close() } }
            #expect(try await client.send(["SET", "rwb:s", "v"]) == .simpleString("OK"))
            #expect(try await client.send(["GET", "rwb:s"]) == .bulk("v"))
            #expect(try await client.send(["INCR", "rwb:n"]) == .integer(1))
            #expect(try await client.send(["GET", "rwb:missing"]) == .null)
            #expect(try await client.send(["RPUSH", "rwb:l", "a", "b"]) == .integer(2))
            #expect(try await client.send(["LRANGE", "rwb:l", "0", "-1"]) == .array([.bulk("a"), .bulk("b")]))
            #expect(try await client.send(["LRANGE", "rwb:none", "0", "-1"]) == .array([]))
            let error = try await client.send(["INCR", "rwb:s"])
            #expect(error == .simpleError("ERR value is not an integer or out of range"))
            _ = try await client.send(["HSET", "rwb:h", "f", "1"])
            _ = try await client.send(["SADD", "rwb:set", "m"])
            _ = try await client.send(["ZADD", "rwb:z", "1.5", "m"])
            let hash = try await client.send(["HGETALL", "rwb:h"])
            let members = try await client.send(["SMEMBERS", "rwb:set"])
            let score = try await client.send(["ZSCORE", "rwb:z", "m"])
            if protocolVersion == 3 {
                #expect(hash == .map([RESPPair(.bulk("f"), .bulk("1"))]))
                #expect(members == .set([.bulk("m")]))
                #expect(score == .double(1.5))
            } else {
                #expect(hash == .array([.bulk("f"), .bulk("1")]))
                #expect(members == .array([.bulk("m")]))
                #expect(score == .bulk("1.5"))
            }
        }
    }

    /// DEBUG PROTOCOL makes the server send each RESP3 type on request.
    @Test func debugProtocolSendsEveryRESP3Type() async throws {
        try await ServerFixture.withServer(arguments: ["--enable-debug-command", "yes"]) { server in
            let client = ServerFixture.client(server, protocolVersion: 3)
            defer { Task { await client.close() } }
            func debug(_ kind: String) async throws -> RESPValue { try await client.send(["DEBUG", "PROTOCOL", kind]) }
            #expect(try await debug("string") == .bulk("Hello World"))
            #expect(try await debug("integer") == .integer(12345))
            #expect(try await debug("double") == .double(3.141))
            #expect(try await debug("bignum") == .bigNumber("1234567999999999999999999999999999999"))
            #expect(try await debug("null") == .null)
            #expect(try await debug("true") == .boolean(true))
            #expect(try await debug("false") == .boolean(false))
            #expect(
                try await debug("verbatim") == .verbatimString(format: "txt", text: RESPBytes(Array("This is a verbatim\nstring".utf8))))
            #expect(try await debug("array") == .array([.integer(0), .integer(1), .integer(2)]))
            #expect(try await debug("set") == .set([.integer(0), .integer(1), .integer(2)]))
            #expect(
                try await debug("map")
                    == .map([
                        RESPPair(.integer(0), .boolean(false)), RESPPair(.integer(1), .boolean(true)),
                        RESPPair(.integer(2), .boolean(false)),
                    ]))
            let attribute = try await debug("attrib")
            guard case .attribute(let pairs, let value) = attribute else {
                Issue.record("expected an attribute, got \(attribute)")
                return
            }
            #expect(pairs.first?.key == .bulk("key-popularity"))
            #expect(value == .bulk("Some real reply following the attribute"))
        }
    }
}
