import RESP
import Testing

@testable import RedisClient

/// The REST protocol as values: the request a command becomes, and what each answer an
/// endpoint may give turns into. No server.
@Suite struct RESTExchangeTests {
    static let token = "AXk1c2VjcmV0LXRva2Vu"
    let endpoint = RESTEndpoint(isSecure: false, host: "127.0.0.1", port: 8079, token: Self.token)

    private func response(_ status: Int, _ body: String, type: String = "application/octet-stream", reason: String = "")
        -> RESTExchange.Response
    {
        RESTExchange.Response(status: status, reason: reason, headers: [.init("Content-Type", type)], body: Array(body.utf8))
    }

    private func failure(_ response: RESTExchange.Response) -> RedisClientError? {
        do {
            _ = try RESTExchange.reply(to: response, from: endpoint)
            return nil
        } catch {
            return error
        }
    }

    @Test func aCommandIsAJSONArrayPostedWithTheTokenTheFormatAndTheSyncToken() throws {
        let request = try RESTExchange.request(["SET", "k", "say \"hi\"\n"], to: endpoint, syncToken: "42")
        #expect(request.method == "POST")
        #expect(request.target == "/")
        #expect(String(decoding: request.body, as: UTF8.self) == #"["SET","k","say \"hi\"\n"]"#)
        let headers = Dictionary(uniqueKeysWithValues: request.headers.map { ($0.name, $0.value) })
        #expect(headers["Host"] == "127.0.0.1:8079")
        #expect(headers["Authorization"] == "Bearer \(Self.token)")
        #expect(headers["Upstash-Response-Format"] == "resp2")
        #expect(headers["Upstash-Sync-Token"] == "42")
        #expect(headers["Content-Length"] == String(request.body.count))
        // No token, no header; no sync token yet, none sent; a default port stays out of Host.
        let bare = try RESTExchange.request(
            ["PING"], to: RESTEndpoint(isSecure: true, host: "x.example", port: 443, path: "/v1"), syncToken: nil)
        #expect(bare.target == "/v1")
        #expect(!bare.headers.contains { $0.name == "Authorization" || $0.name == "Upstash-Sync-Token" })
        #expect(bare.headers.contains(.init("Host", "x.example")))
    }

    @Test func anArgumentThatIsNotUTF8OrATokenAHeaderCannotCarryIsRefusedBeforeSending() {
        let binary = RedisCommand(bytes: [Array("SET".utf8), Array("k".utf8), [0xFF, 0xFE]])
        #expect(throws: RedisClientError.self) { try RESTExchange.request(binary, to: endpoint, syncToken: nil) }
        do {
            _ = try RESTExchange.request(binary, to: endpoint, syncToken: nil)
        } catch {
            #expect(error.code == .notSendable)
            #expect(error.message.contains("argument 3 of SET is not valid UTF-8"))
        }
        var injected = endpoint
        injected.token = "abc\r\nX-Evil: 1"
        #expect(throws: RedisClientError.self) { try RESTExchange.request(["PING"], to: injected, syncToken: nil) }
        // Multi-byte UTF-8 is fine.
        #expect(throws: Never.self) { try RESTExchange.request(["SET", "k", "é✓"], to: endpoint, syncToken: nil) }
    }

    @Test func resp2BodiesAreTheRepliesAsRedisSentThem() throws {
        #expect(try RESTExchange.reply(to: response(200, "+OK\r\n"), from: endpoint) == .simpleString("OK"))
        #expect(try RESTExchange.reply(to: response(200, "$2\r\nOK\r\n"), from: endpoint) == .bulk("OK"))
        #expect(try RESTExchange.reply(to: response(200, "*-1\r\n"), from: endpoint) == .null)
        #expect(try RESTExchange.reply(to: response(200, "*2\r\n$1\r\na\r\n:1\r\n"), from: endpoint) == .array([.bulk("a"), .integer(1)]))
        #expect(try RESTExchange.reply(to: response(400, "-WRONGTYPE no\r\n"), from: endpoint) == .simpleError("WRONGTYPE no"))
    }

    @Test func jsonErrorsAreErrorRepliesAndJSONResultsAreUnderstood() throws {
        let refused = response(400, #"{"error":"ERR SELECT would change the connection"}"#, type: "application/json")
        #expect(try RESTExchange.reply(to: refused, from: endpoint) == .simpleError("ERR SELECT would change the connection"))
        let readOnly = response(403, #"{"error":"NOPERM this token is read-only"}"#, type: "application/json")
        #expect(try RESTExchange.reply(to: readOnly, from: endpoint) == .simpleError("NOPERM this token is read-only"))
        let json = response(200, #"{"result":["a",1,null,"10.5"]}"#, type: "application/json")
        #expect(try RESTExchange.reply(to: json, from: endpoint) == .array([.bulk("a"), .integer(1), .null, .bulk("10.5")]))
    }

    @Test func refusalsThatAreNoRedisReplyAreThrownWithoutTheToken() {
        let unauthorized = failure(
            response(401, #"{"error":"Unauthorized: \#(Self.token)"}"#, type: "application/json", reason: "Unauthorized"))
        #expect(unauthorized?.code == .unauthorized)
        #expect(unauthorized?.message.contains("refused the token: 401 Unauthorized") == true)
        #expect(unauthorized?.message.contains(Self.token) == false)
        let unavailable = failure(response(503, #"{"error":"Redis does not answer"}"#, type: "application/json"))
        #expect(unavailable?.code == .httpStatus)
        #expect(unavailable?.message == "the REST endpoint http://127.0.0.1:8079/ answered 503: Redis does not answer")
        #expect(failure(response(413, "", type: "text/plain"))?.code == .httpStatus)
    }

    @Test func bodiesThatAreNeitherRESPNorJSONAreMalformed() {
        for body in ["<html>hi</html>", "", "$5\r\nab", "+OK\r\n+OK\r\n", "{\"result\":", "{\"other\":1}"] {
            #expect(failure(response(200, body))?.code == .malformedReply, "\(body)")
        }
        #expect(failure(response(200, "$5\r\nab"))?.message.contains("ends in the middle of a RESP value") == true)
        #expect(failure(response(200, "+OK\r\n+OK\r\n"))?.message.contains("5 bytes after its RESP value") == true)
    }

    @Test func theSyncTokenIsKeptOnlyWhenItCanBeSentBack() {
        func token(_ value: String) -> String? {
            RESTExchange.syncToken(
                of: RESTExchange.Response(status: 200, reason: "", headers: [.init("upstash-sync-token", value)], body: []))
        }
        #expect(token("17") == "17")
        #expect(token("") == nil)
        #expect(token("a b") == nil)
        #expect(token(String(repeating: "x", count: 300)) == nil)
    }

    @Test func theTraceMasksTheAuthorizationHeader() throws {
        let request = try RESTExchange.request(["GET", "k"], to: endpoint, syncToken: nil)
        let lines = RESTTrace.lines(request)
        #expect(lines.first == "POST / HTTP/1.1")
        #expect(lines.contains("Authorization: Bearer ****"))
        #expect(lines.last == #"["GET","k"]"#)
        #expect(!lines.joined().contains(Self.token))
        let answer = RESTTrace.lines(response(200, "$1\r\nv\r\n", reason: "OK"), token: Self.token)
        #expect(answer == ["HTTP/1.1 200 OK", "Content-Type: application/octet-stream", "", "$1\\r\\nv\\r\\n"])
    }
}
