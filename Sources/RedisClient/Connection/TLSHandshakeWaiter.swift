import NIOCore
import NIOTLS

/// Sits after the TLS handler and completes `done` when the TLS handshake does, or fails it
/// when the connection errs or closes first. `connect` waits on it (within the connect
/// timeout) before anything is sent: against a port that does not speak TLS the handshake
/// never completes, and that is reported as such rather than as a first command that hangs.
final class TLSHandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let done: EventLoopPromise<Void>

    init(eventLoop: EventLoop) {
        done = eventLoop.makePromise()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent { done.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        done.fail(RedisClientError.connectionClosed(mayHaveExecuted: false))
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.fail(RedisClientError.connectionClosed(mayHaveExecuted: false))
        context.fireChannelInactive()
    }

    /// A connection that never opened is torn down without going inactive: the promise
    /// must still be completed (completing it again is a no-op).
    func handlerRemoved(context: ChannelHandlerContext) {
        done.fail(RedisClientError.connectionClosed(mayHaveExecuted: false))
    }
}
