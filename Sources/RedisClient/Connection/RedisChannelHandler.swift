import NIOCore
import RESP

/// Commands to write in one go, and what collects their replies. `encoded`, when given,
/// holds the commands already encoded: written as it is, with no per-command work.
struct RedisRequest: Sendable {
    var commands: [RedisCommand]
    var encoded: ByteBuffer?
    let collector: ReplyCollector
}

/// Gathers the replies of one request, which arrive in order, and completes its promise
/// once: with all of them, or with the first failure. One promise per request rather than
/// per command keeps pipelines cheap. Touched only on the channel's event loop.
final class ReplyCollector: @unchecked Sendable {
    let promise: EventLoopPromise<[RESPValue]>
    private let expected: Int
    /// False: only the first error reply is kept (`RedisConnection.countReplies`); other
    /// replies need not even be built (`receiveUnbuilt`).
    let keepsValues: Bool
    private var received = 0
    private var replies: [RESPValue] = []
    private var completed = false
    /// Set by the handler when it takes charge. If the channel closed before the request
    /// reached the handler, nobody did, and the sender must fail it itself.
    var taken = false

    init(expecting expected: Int, keepsValues: Bool = true, promise: EventLoopPromise<[RESPValue]>) {
        self.expected = expected
        self.keepsValues = keepsValues
        self.promise = promise
        if keepsValues { replies.reserveCapacity(expected) }
    }

    func receive(_ value: RESPValue) {
        guard !completed else { return }
        received += 1
        if keepsValues || (replies.isEmpty && value.isError) { replies.append(value) }
        if received == expected {
            completed = true
            promise.succeed(replies)
        }
    }

    /// Replies that are not errors, counted without their values (`keepsValues` false).
    func receiveUnbuilt(_ count: Int) {
        guard !completed else { return }
        received += count
        if received == expected {
            completed = true
            promise.succeed(replies)
        }
    }

    func fail(_ error: Error) {
        guard !completed else { return }
        completed = true
        promise.fail(error)
    }
}

/// Writes requests, decodes the replies, matches them to their requests through
/// `ReplyRouter`, and passes out-of-band values (pub/sub, pushes, MONITOR) to
/// `onOutOfBand`. Runs on the event loop.
///
/// It decodes bytes itself rather than behind a `ByteToMessageHandler`: passing each reply
/// down the pipeline would box it in `NIOAny`, a cast and an allocation per reply.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private var router = ReplyRouter<ReplyCollector>()
    private var decoder: RESPDecoder
    /// Bytes received and not decoded yet.
    private var buffer = ReadBuffer()
    private let onOutOfBand: (RESPValue) -> Void
    /// Why the connection is ending, so waiters learn the real cause (timeout, cancel, …).
    private var closeReason: RedisClientError?

    /// Where the reason is kept for writes that come after this handler is gone.
    private let sharedCloseReason: CloseReason

    init(limits: RESPLimits = .default, closeReason: CloseReason = CloseReason(), onOutOfBand: @escaping (RESPValue) -> Void) {
        self.onOutOfBand = onOutOfBand
        self.sharedCloseReason = closeReason
        decoder = RESPDecoder(limits: limits)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        request.collector.taken = true
        if let closeReason {
            request.collector.fail(closeReason)
            promise?.fail(closeReason)
            return
        }
        if let encoded = request.encoded {
            router.enqueue(request.commands, waiter: request.collector)
            context.write(wrapOutboundOut(encoded), promise: promise)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: 64 * request.commands.count)
        for command in request.commands { RESPEncoder.appendCommand(command, to: &buffer) }
        router.enqueue(request.commands, waiter: request.collector)
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        unwrapInboundIn(data).withUnsafeReadableBytes { buffer.append($0) }
        while closeReason == nil, buffer.hasUnread {
            // Replies only counted (rwb bench) are validated, not built: no value, no view of
            // the buffer to retain and release, and the router told once per run of them.
            // Errors, pushes and attributes are built.
            if let (head, due) = router.plainHead, !head.keepsValues, !Self.builtTypes.contains(buffer.nextByte) {
                var counted = 0
                var complete = true
                do {
                    while counted < due, buffer.hasUnread, !Self.builtTypes.contains(buffer.nextByte) {
                        guard let length = try decoder.skip(buffer.bytes, from: buffer.readIndex) else {
                            complete = false
                            break
                        }
                        buffer.consume(length)
                        counted += 1
                    }
                } catch {
                    fail(context: context, reason: .malformedReply(error))
                    return
                }
                if counted > 0 {
                    router.dropPlainHead(replies: counted)
                    head.receiveUnbuilt(counted)
                }
                if complete { continue }
                break
            }
            let decoded: (value: RESPValue, consumed: Int)?
            do {
                decoded = try decoder.decode(buffer.bytes, from: buffer.readIndex)
            } catch {
                fail(context: context, reason: .malformedReply(error))
                return
            }
            guard let (value, consumed) = decoded else { break }
            buffer.consume(consumed)
            route(value, context: context)
        }
    }

    /// Reply types a counting collector still needs built: errors (`-`, `!`: the first is
    /// kept), pushes (`>`: out-of-band) and attributes (`|`: they precede a reply).
    private static let builtTypes: [UInt8] = [UInt8(ascii: "-"), UInt8(ascii: "!"), UInt8(ascii: ">"), UInt8(ascii: "|")]

    private func route(_ value: RESPValue, context: ChannelHandlerContext) {
        switch router.receive(value) {
        case .complete(let collector, let value):
            collector.receive(value)
        case .outOfBand(let value):
            onOutOfBand(value)
        case .unexpected(let value):
            fail(context: context, reason: .unsolicited(value))
        }
    }

    /// Socket and TLS errors: the connection is unusable.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(context: context, reason: .connectionClosed(mayHaveExecuted: router.pendingCount > 0))
    }

    func channelInactive(context: ChannelHandlerContext) {
        let reason = closeReason ?? .connectionClosed(mayHaveExecuted: true)
        closeReason = reason
        sharedCloseReason.record(reason)
        for collector in router.removeAll() { collector.fail(reason) }
        context.fireChannelInactive()
    }

    /// User events: a timeout or cancellation closes the connection with that reason.
    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let reason = event as? RedisClientError {
            fail(context: context, reason: reason)
            promise?.succeed()
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    /// Closes and fails every waiter with `reason`: after a timeout, cancel or bad bytes the
    /// stream can no longer be matched to commands. Closed first, so that a waiter that
    /// resumes at once on another thread already sees the connection inactive: otherwise its
    /// next command could pick this connection again and fail with the old reason.
    private func fail(context: ChannelHandlerContext, reason: RedisClientError) {
        guard closeReason == nil else { return }
        closeReason = reason
        sharedCloseReason.record(reason)
        let waiting = router.removeAll()
        context.close(promise: nil)
        for collector in waiting { collector.fail(reason) }
    }
}
