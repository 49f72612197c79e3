import NIOCore
import RESP

/// Commands to write in one go, each with the promise its reply completes.
struct RedisRequest: Sendable {
    var commands: [RedisCommand]
    var promises: [EventLoopPromise<RESPValue>]
    /// Set by the handler when it takes charge of the promises. If the channel closed before
    /// the request reached the handler, nobody did, and the sender must fail them itself.
    let ticket = Ticket()

    /// Only touched on the channel's event loop.
    final class Ticket: @unchecked Sendable {
        var taken = false
    }
}

/// Writes requests, matches replies to their promises through `ReplyRouter`, and passes
/// out-of-band values (pub/sub, pushes, MONITOR) to `onOutOfBand`. Runs on the event loop.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private var router = ReplyRouter<EventLoopPromise<RESPValue>>()
    private let onOutOfBand: (RESPValue) -> Void
    /// Why the connection is ending, so waiters learn the real cause (timeout, cancel, …).
    private var closeReason: RedisClientError?

    init(onOutOfBand: @escaping (RESPValue) -> Void) {
        self.onOutOfBand = onOutOfBand
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        request.ticket.taken = true
        if let closeReason {
            request.promises.forEach { $0.fail(closeReason) }
            promise?.fail(closeReason)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: 64 * request.commands.count)
        for (command, promise) in zip(request.commands, request.promises) {
            RESPEncoder.appendCommand(command, to: &buffer)
            router.enqueue(command, waiter: promise)
        }
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch router.receive(unwrapInboundIn(data)) {
        case .complete(let promise, let value):
            promise.succeed(value)
        case .outOfBand(let value):
            onOutOfBand(value)
        case .unexpected:
            fail(context: context, reason: .malformedReply(RESPDecodingError(.unknownType, at: 0)))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let decoding = error as? RESPDecodingError {
            fail(context: context, reason: .malformedReply(decoding))
        } else if let clientError = error as? RedisClientError {
            fail(context: context, reason: clientError)
        } else {
            fail(context: context, reason: .connectionClosed(mayHaveExecuted: router.pendingCount > 0))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let reason = closeReason ?? .connectionClosed(mayHaveExecuted: true)
        closeReason = reason
        for promise in router.removeAll() { promise.fail(reason) }
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

    /// Fails every waiter with `reason` and closes: after a timeout, cancel or bad bytes the
    /// stream can no longer be matched to commands.
    private func fail(context: ChannelHandlerContext, reason: RedisClientError) {
        guard closeReason == nil else { return }
        closeReason = reason
        for promise in router.removeAll() { promise.fail(reason) }
        context.close(promise: nil)
    }
}
