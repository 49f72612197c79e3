import NIOCore
import NIOEmbedded
import RESP
import Testing

@testable import RedisClient

/// The HTTP/1.1 side of the REST transport on an embedded channel: NIO's encoder and
/// decoder and the exchange handler, bytes in and out, no socket.
@Suite struct RESTChannelHandlerTests {
    let endpoint = RESTEndpoint(isSecure: false, host: "127.0.0.1", port: 8079, token: "tok")

    private func makeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try RESTConnection.addHTTPHandlers(to: channel.pipeline.syncOperations, endpoint: endpoint)
        return channel
    }

    private func send(_ channel: EmbeddedChannel, _ command: RedisCommand) throws -> EventLoopFuture<RESTExchange.Response> {
        let request = try RESTExchange.request(command, to: endpoint, syncToken: nil)
        let exchange = RESTPendingExchange(request: request, promise: channel.eventLoop.makePromise())
        channel.writeAndFlush(exchange, promise: nil)
        return exchange.promise.futureResult
    }

    private func written(_ channel: EmbeddedChannel) throws -> String {
        var bytes: [UInt8] = []
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { continue }
            bytes += buffer.readableBytesView
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func aResponseInPiecesCompletesTheExchangeAndTheConnectionIsKept() throws {
        let channel = try makeChannel()
        let first = try send(channel, ["SET", "k", "v"])
        let request = try written(channel)
        #expect(request.hasPrefix("POST / HTTP/1.1\r\n"))
        #expect(request.contains("Authorization: Bearer tok\r\n"))
        #expect(request.hasSuffix("\r\n\r\n[\"SET\",\"k\",\"v\"]"))
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nUpstash-Sync"))
        try channel.writeInbound(ByteBuffer(string: "-Token: 7\r\nContent-Length: 5\r\n\r\n+O"))
        try channel.writeInbound(ByteBuffer(string: "K\r\n"))
        let response = try first.wait()
        #expect(response.status == 200 && response.body == Array("+OK\r\n".utf8))
        #expect(RESTExchange.syncToken(of: response) == "7")
        // Keep-alive: the next request goes on the same connection.
        let second = try send(channel, ["GET", "k"])
        _ = try written(channel)
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n$1\r\nv\r\n"))
        #expect(try RESTExchange.reply(to: second.wait(), from: endpoint) == .bulk("v"))
    }

    @Test func connectionCloseEndsTheConnectionAfterTheAnswer() throws {
        let channel = try makeChannel()
        let future = try send(channel, ["PING"])
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 7\r\n\r\n+PONG\r\n"))
        #expect(try future.wait().body == Array("+PONG\r\n".utf8))
        // Nothing was sent on the closed connection: safe for the client to send again elsewhere.
        #expect(throws: RedisClientError.connectionClosed(mayHaveExecuted: false)) { try send(channel, ["PING"]).wait() }
    }

    @Test func aConnectionDroppedMidAnswerSaysTheCommandMayHaveRun() throws {
        let channel = try makeChannel()
        let future = try send(channel, ["INCR", "n"])
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n$90\r\nabc"))
        try channel.close().wait()
        do {
            _ = try future.wait()
            Issue.record("the exchange completed")
        } catch let error as RedisClientError {
            #expect(error.code == .connectionClosed && error.mayHaveExecuted)
            #expect(error.message.contains("in the middle of its answer (after 8 bytes of the body)"), "\(error)")
        }
    }

    @Test func closedBeforeAnyAnswer() throws {
        let channel = try makeChannel()
        let future = try send(channel, ["INCR", "n"])
        try channel.close().wait()
        #expect(
            throws: RedisClientError(
                .connectionClosed,
                "the REST endpoint http://127.0.0.1:8079/ closed the connection before answering: the command may or may not have run",
                mayHaveExecuted: true)
        ) { try future.wait() }
    }

    @Test func bytesThatAreNotHTTPFailTheExchangeAndClose() throws {
        let channel = try makeChannel()
        let future = try send(channel, ["GET", "k"])
        try channel.writeInbound(ByteBuffer(string: "+OK\r\n\r\n"))
        do {
            _ = try future.wait()
            Issue.record("the exchange completed")
        } catch let error as RedisClientError {
            #expect(error.code == .malformedReply)
            #expect(error.message.contains("not HTTP/1.1"), "\(error)")
        }
        #expect(!channel.isActive)
    }
}
