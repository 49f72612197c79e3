import NIOCore
import NIOEmbedded
import RESP
import Testing

@testable import RedisClient

/// The channel handler on an embedded channel: bytes in, bytes out, no socket.
@Suite struct ChannelHandlerTests {
    final class Collected: @unchecked Sendable {
        var values: [RESPValue] = []
    }

    private func makeChannel(_ collected: Collected) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(RedisChannelHandler(onOutOfBand: { collected.values.append($0) }))
        return channel
    }

    private func request(_ channel: EmbeddedChannel, _ commands: [RedisCommand]) throws -> EventLoopFuture<[RESPValue]> {
        let collector = ReplyCollector(expecting: commands.count, promise: channel.eventLoop.makePromise())
        try channel.writeOutbound(RedisRequest(commands: commands, collector: collector))
        return collector.promise.futureResult
    }

    private func outbound(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
            text += buffer.readString(length: buffer.readableBytes) ?? ""
        }
        return text
    }

    @Test func pipelineIsOneWriteAndRepliesMatchInOrder() throws {
        let channel = try makeChannel(Collected())
        let future = try request(channel, [["SET", "k", "v"], ["GET", "k"]])
        #expect(try outbound(channel) == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")
        // Replies split across reads, in odd places.
        try channel.writeInbound(ByteBuffer(string: "+O"))
        try channel.writeInbound(ByteBuffer(string: "K\r\n$1\r"))
        try channel.writeInbound(ByteBuffer(string: "\nv\r\n"))
        #expect(try future.wait() == [.simpleString("OK"), .bulk("v")])
    }

    /// Bulk replies are views of the handler's read buffer: a reply decoded before the
    /// buffer is compacted and appended to must keep its bytes.
    @Test func repliesKeepTheirBytesAcrossReads() throws {
        let channel = try makeChannel(Collected())
        let future = try request(channel, [["GET", "a"], ["GET", "b"], ["GET", "c"]])
        try channel.writeInbound(ByteBuffer(string: "$3\r\nabc\r\n$3\r\nd"))
        try channel.writeInbound(ByteBuffer(string: "ef\r\n$5\r\n"))
        try channel.writeInbound(ByteBuffer(string: "ghijk\r\n"))
        #expect(try future.wait() == [.bulk("abc"), .bulk("def"), .bulk("ghijk")])
    }

    /// A counting request (`countReplies`, rwb bench) validates plain replies without
    /// building them, keeps the first error, and still routes a push out-of-band, whatever
    /// the chunking.
    @Test func countedRepliesKeepOnlyTheFirstErrorAndLetPushesThrough() throws {
        let replies =
            "$3\r\nabc\r\n:5\r\n-ERR first\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n*2\r\n$1\r\na\r\n_\r\n-ERR second\r\n+OK\r\n"
        for step in [1, 2, 5, 1000] {
            let collected = Collected()
            let channel = try makeChannel(collected)
            let collector = ReplyCollector(expecting: 6, keepsValues: false, promise: channel.eventLoop.makePromise())
            try channel.writeOutbound(RedisRequest(commands: Array(repeating: ["GET", "k"], count: 6), collector: collector))
            let bytes = Array(replies.utf8)
            for start in stride(from: 0, to: bytes.count, by: step) {
                var buffer = ByteBuffer()
                buffer.writeBytes(bytes[start..<min(start + step, bytes.count)])
                try channel.writeInbound(buffer)
            }
            #expect(try collector.promise.futureResult.wait() == [.simpleError("ERR first")], "step \(step)")
            #expect(collected.values == [.push([.bulk("invalidate"), .array([.bulk("k")])])], "step \(step)")
            // The stream stays in step: a later request gets its own reply.
            let next = try request(channel, [["PING"]])
            try channel.writeInbound(ByteBuffer(string: "+PONG\r\n"))
            #expect(try next.wait() == [.simpleString("PONG")])
        }
    }

    @Test func pushesGoOutOfBand() throws {
        let collected = Collected()
        let channel = try makeChannel(collected)
        let future = try request(channel, [["GET", "k"]])
        try channel.writeInbound(ByteBuffer(string: ">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n_\r\n"))
        #expect(try future.wait() == [.null])
        #expect(collected.values == [.push([.bulk("invalidate"), .array([.bulk("k")])])])
    }

    @Test func malformedBytesFailEveryWaiterAndClose() throws {
        let channel = try makeChannel(Collected())
        let future = try request(channel, [["GET", "a"], ["GET", "b"]])
        // The handler takes the decoding error itself, so nothing reaches the pipeline's tail.
        try channel.writeInbound(ByteBuffer(string: "?what\r\n"))
        #expect(throws: RedisClientError.malformedReply(RESPDecodingError(.unknownType, at: 0))) { try future.wait() }
        #expect(!channel.isActive)
    }

    /// A server at maxclients writes an error before any command and closes: the error is
    /// the reason given, not "unknown type byte at byte 0".
    @Test func anErrorNobodyAskedForIsTheServersReasonForClosing() throws {
        let channel = try makeChannel(Collected())
        try channel.writeInbound(ByteBuffer(string: "-ERR max number of clients reached\r\n"))
        #expect(!channel.isActive)
        let expected = RedisClientError(.connectionClosed, "the server closed the connection: ERR max number of clients reached")
        #expect(throws: expected) { try request(channel, [["PING"]]).wait() }
        #expect(RedisClientError.unsolicited(.bulk("x")) == .malformedReply(RESPDecodingError(.unknownType, at: 0)))
    }

    @Test func closingWhileWaitingSaysTheCommandMayHaveRun() throws {
        let channel = try makeChannel(Collected())
        let future = try request(channel, [["INCR", "n"]])
        try channel.close().wait()
        #expect(throws: RedisClientError.connectionClosed(mayHaveExecuted: true)) { try future.wait() }
    }

    @Test func timeoutEventFailsWaitersWithTimeout() throws {
        let channel = try makeChannel(Collected())
        let future = try request(channel, [["BLPOP", "q", "0"]])
        channel.pipeline.triggerUserOutboundEvent(RedisClientError.timeout(.seconds(1)), promise: nil)
        #expect(throws: RedisClientError.timeout(.seconds(1))) { try future.wait() }
        // Later requests on the dead connection fail at once, they are not queued.
        let late = try? request(channel, [["PING"]])
        if let late { #expect(throws: RedisClientError.self) { try late.wait() } }
    }
}
