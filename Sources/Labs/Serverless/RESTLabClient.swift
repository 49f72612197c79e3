import NIOCore
import NIOHTTP1
import NIOPosix
import RESP
import RedisREST

/// The lab's side of the REST protocol: one keep-alive HTTP/1.1 connection to the endpoint,
/// requests one after another as a serverless function's `await`s send them, every byte on
/// the socket counted.
struct RESTLabClient {
    typealias Channel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    let host: String
    let port: Int
    let token: String

    /// Opens the connection and runs `body` with it, then closes it.
    func withConnection<Result: Sendable>(
        _ body: (inout Session) async throws -> Result
    ) async throws -> (Result, sent: Int, received: Int) {
        let counter = ByteCountingHandler()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(counter)
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                return try Channel(wrappingChannelSynchronously: channel)
            }
        }
        let result = try await channel.executeThenClose { inbound, outbound in
            var session = Session(client: self, outbound: outbound, responses: inbound.makeAsyncIterator())
            return try await body(&session)
        }
        return (result, counter.sent, counter.received)
    }

    struct Session {
        let client: RESTLabClient
        let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
        var responses: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator

        /// One command, `POST /`: its reply (an error reply as `.simpleError`).
        mutating func send(_ command: RedisCommand) async throws -> RESPValue {
            let answer = try await post("/", JSONText.encode(Self.json(command)))
            return try Self.reply(answer)
        }

        /// A batch, `POST /pipeline` or `/multi-exec`: each command's reply in order.
        mutating func send(_ commands: [RedisCommand], to path: String) async throws -> [RESPValue] {
            let answer = try await post(path, JSONText.encode(.array(commands.map(Self.json))))
            guard case .array(let items) = answer else { return [try Self.reply(answer)] }
            return try items.map(Self.reply)
        }

        private mutating func post(_ path: String, _ body: [UInt8]) async throws -> JSONValue {
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
            // The endpoint's port is a free one, different each run; a fixed Host keeps the
            // bytes the lab counts the same for one seed (the endpoint does not read it).
            head.headers.add(name: "Host", value: client.host)
            head.headers.add(name: "Authorization", value: "Bearer \(client.token)")
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(body.count))
            try await outbound.write(.head(head))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
            try await outbound.write(.end(nil))
            var received: [UInt8] = []
            var status: UInt = 0
            while let part = try await responses.next() {
                switch part {
                case .head(let response): status = response.status.code
                case .body(let buffer): received.append(contentsOf: buffer.readableBytesView)
                case .end:
                    guard let answer = try? JSONParser.parse(received, maxDepth: 64) else {
                        throw LabError("the endpoint answered \(status) with a body that is not JSON")
                    }
                    if status == 401 || status >= 500 { throw LabError("the endpoint answered \(status): \(answer)") }
                    return answer
                }
            }
            throw LabError("the endpoint closed the connection without an answer")
        }

        static func json(_ command: RedisCommand) -> JSONValue {
            .array(command.arguments.map { .string($0) })
        }

        /// `{"result": …}` or `{"error": "…"}` as the RESP2 value it stands for.
        static func reply(_ answer: JSONValue) throws -> RESPValue {
            if case .string(let message)? = answer["error"] { return .simpleError(String(decoding: message, as: UTF8.self)) }
            guard let result = answer["result"] else { throw LabError("the endpoint answered neither result nor error: \(answer)") }
            return value(result)
        }

        private static func value(_ json: JSONValue) -> RESPValue {
            switch json {
            case .null: return .null
            case .number(let text): return Int64(text).map(RESPValue.integer) ?? .bulkString(RESPBytes(Array(text.utf8)))
            case .string(let bytes): return .bulkString(RESPBytes(bytes))
            case .array(let items): return .array(items.map(value))
            case .bool(let flag): return .integer(flag ? 1 : 0)
            // The protocol answers no objects: say so rather than guess.
            case .object: return .simpleError("the endpoint answered a JSON object where a value belongs")
            }
        }
    }
}
