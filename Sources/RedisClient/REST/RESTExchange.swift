import RESP
import RedisREST

/// One HTTP exchange of the REST protocol as values: the request a command becomes and the
/// reply its response holds. Pure, so that every answer an endpoint may give is tested
/// without one; `RESTConnection` moves these values over HTTP/1.1.
///
/// Requests ask for `Upstash-Response-Format: resp2`: the reply is then the server's own
/// RESP bytes, so a simple string stays simple and a bulk string may hold any bytes, and
/// what rwb prints is what redis-cli prints over TCP. A body in JSON is still understood:
/// the endpoint's refusals are JSON, and so is every reply of an endpoint that ignores the
/// header (strings then come back as bulk strings: JSON does not tell them apart).
public enum RESTExchange {
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public struct Request: Sendable, Equatable {
        public var method = "POST"
        /// The request target: the endpoint's path.
        public var target: String
        public var headers: [Header]
        public var body: [UInt8]
    }

    public struct Response: Sendable, Equatable {
        public var status: Int
        /// The reason phrase the server sent (`Unauthorized`).
        public var reason: String
        public var headers: [Header]
        public var body: [UInt8]

        public init(status: Int, reason: String, headers: [Header], body: [UInt8]) {
            self.status = status
            self.reason = reason
            self.headers = headers
            self.body = body
        }

        /// The first header called `name`, in any case.
        public func header(_ name: String) -> String? {
            let wanted = name.lowercased()
            return headers.first { $0.name.lowercased() == wanted }?.value
        }
    }

    /// The most a response body may hold: Redis's longest string (512 MB) and then some.
    static let maxBodyBytes = 1 << 30
    static let responseFormatHeader = "Upstash-Response-Format"
    static let syncTokenHeader = "Upstash-Sync-Token"

    /// `POST` of the command as a JSON array of strings, with the token, the reply format
    /// and the last sync token (so a read sees the writes before it).
    public static func request(_ command: RedisCommand, to endpoint: RESTEndpoint, syncToken: String?) throws(RedisClientError) -> Request {
        var body: [UInt8] = [UInt8(ascii: "[")]
        for (index, argument) in command.arguments.enumerated() {
            guard isUTF8(argument) else {
                throw RedisClientError(
                    .notSendable,
                    "cannot send over REST: argument \(index + 1) of \(command.name) is not valid UTF-8, and the REST protocol "
                        + "carries arguments as JSON strings (a redis:// connection carries any bytes)")
            }
            if index > 0 { body.append(UInt8(ascii: ",")) }
            JSONText.appendString(argument, to: &body)
        }
        body.append(UInt8(ascii: "]"))
        var headers = [Header("Host", endpoint.hostHeader), Header("User-Agent", "rwb")]
        if let token = endpoint.token {
            // A header cannot carry a line break: sent as it is, it would end the header early.
            guard !token.isEmpty, token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw RedisClientError(
                    .invalidURL, "the REST token is empty or holds a space or a control character, which a header cannot carry")
            }
            headers.append(Header("Authorization", "Bearer \(token)"))
        }
        headers.append(Header("Content-Type", "application/json"))
        headers.append(Header(responseFormatHeader, "resp2"))
        if let syncToken { headers.append(Header(syncTokenHeader, syncToken)) }
        headers.append(Header("Content-Length", String(body.count)))
        return Request(target: endpoint.path, headers: headers, body: body)
    }

    /// The sync token a response carries, when it is one that can be sent back.
    public static func syncToken(of response: Response) -> String? {
        guard let value = response.header(syncTokenHeader), (1...256).contains(value.utf8.count),
            value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        return value
    }

    /// The Redis reply a response holds. A 401 and statuses that are no Redis answer (413,
    /// 503, a proxy's 502…) are thrown; a Redis error reply, and the endpoint's refusal of a
    /// command (400 or 403 with `{"error"}`: SELECT, a read-only token's SET), are error
    /// replies, printed as redis-cli prints one. Nothing from the server reaches a message
    /// without the token taken out of it.
    public static func reply(to response: Response, from endpoint: RESTEndpoint) throws(RedisClientError) -> RESPValue {
        let status = "\(response.status)" + (response.reason.isEmpty ? "" : " \(response.reason)")
        switch response.status {
        case 200, 400, 403:
            return response.body.first == UInt8(ascii: "{")
                ? try jsonReply(response, endpoint: endpoint, status: status) : try respReply(response, endpoint: endpoint, status: status)
        case 401:
            let detail = serverWords(response, endpoint: endpoint).map { " (\($0))" } ?? ""
            let what = endpoint.token == nil ? "wants a token, and none was sent" : "refused the token"
            throw RedisClientError(.unauthorized, "the REST endpoint \(endpoint) \(what): \(status)\(detail)")
        default:
            let detail = serverWords(response, endpoint: endpoint).map { ": \($0)" } ?? ""
            throw RedisClientError(.httpStatus, "the REST endpoint \(endpoint) answered \(status)\(detail)")
        }
    }

    /// A body of RESP bytes: exactly one value, nothing after it.
    private static func respReply(_ response: Response, endpoint: RESTEndpoint, status: String) throws(RedisClientError) -> RESPValue {
        let body = response.body
        func malformed(_ why: String) -> RedisClientError {
            RedisClientError(.malformedReply, "the REST endpoint \(endpoint) answered \(status) with a body that \(why)")
        }
        guard !body.isEmpty else { throw malformed("is empty") }
        var decoder = RESPDecoder()
        let decoded: (value: RESPValue, consumed: Int)?
        do {
            decoded = try decoder.decode(body, from: 0)
        } catch {
            throw malformed(
                "is neither RESP nor JSON (\(error.kind.rawValue) at byte \(error.offset): \(snippet(body, endpoint: endpoint)))")
        }
        guard let (value, consumed) = decoded else { throw malformed("ends in the middle of a RESP value (\(body.count) bytes)") }
        guard consumed == body.count else { throw malformed("holds \(body.count - consumed) bytes after its RESP value") }
        return value
    }

    /// `{"error": "…"}` (an error reply) or `{"result": …}` (an endpoint that answers in JSON).
    private static func jsonReply(_ response: Response, endpoint: RESTEndpoint, status: String) throws(RedisClientError) -> RESPValue {
        let json: JSONValue
        do {
            json = try JSONParser.parse(response.body)
        } catch {
            throw RedisClientError(
                .malformedReply, "the REST endpoint \(endpoint) answered \(status) with a body that is not JSON (\(error))")
        }
        if case .string(let message)? = json["error"] {
            return .simpleError(scrubbed(String(decoding: message, as: UTF8.self), token: endpoint.token))
        }
        if response.status == 200, let result = json["result"], let value = value(of: result) { return value }
        throw RedisClientError(
            .malformedReply, "the REST endpoint \(endpoint) answered \(status) with JSON that holds no \"result\" or \"error\" it can mean")
    }

    /// A JSON result as RESP: strings as bulk strings, integers as integers.
    static func value(of json: JSONValue) -> RESPValue? {
        switch json {
        case .null: return .null
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .number(let text): return Int64(text).map(RESPValue.integer) ?? .bulk(text)
        case .string(let bytes): return .bulk(bytes)
        case .array(let items):
            var values: [RESPValue] = []
            for item in items {
                guard let value = value(of: item) else { return nil }
                values.append(value)
            }
            return .array(values)
        case .object: return nil
        }
    }

    /// What the server said about a refusal: its `{"error"}`, else the start of its body.
    private static func serverWords(_ response: Response, endpoint: RESTEndpoint) -> String? {
        if response.body.first == UInt8(ascii: "{"), let json = try? JSONParser.parse(response.body),
            case .string(let message)? = json["error"]
        {
            return scrubbed(String(decoding: message.prefix(500), as: UTF8.self), token: endpoint.token)
        }
        return response.body.isEmpty ? nil : snippet(response.body, endpoint: endpoint)
    }

    /// The first bytes of a body, printable, for a message.
    private static func snippet(_ body: [UInt8], endpoint: RESTEndpoint) -> String {
        var text = ""
        for byte in body.prefix(120) {
            switch byte {
            case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "\r"): text += "\\r"
            case UInt8(ascii: "\n"): text += "\\n"
            default: text += "\\x" + String(byte, radix: 16)
            }
        }
        if body.count > 120 { text += "…" }
        return scrubbed(text, token: endpoint.token)
    }

    /// `text` with the token replaced by `****`, should a server ever echo it. A token
    /// shorter than 8 characters is left to chance: masking it would mangle ordinary words
    /// (and no endpoint hands out tokens that short).
    static func scrubbed(_ text: String, token: String?) -> String {
        guard let token, token.count >= 8, text.contains(token) else { return text }
        return text.replacing(token, with: "****")
    }

    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 < 0x80 } || String(validating: bytes, as: UTF8.self) != nil
    }
}
