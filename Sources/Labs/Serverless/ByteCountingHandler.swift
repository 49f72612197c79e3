import NIOCore
import Synchronization

/// Counts the bytes a channel writes and reads, at the socket end of its pipeline (so HTTP's
/// request line, headers and body all count, as the network carries them).
final class ByteCountingHandler: ChannelDuplexHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let sentBytes = Atomic<Int>(0)
    private let receivedBytes = Atomic<Int>(0)

    var sent: Int { sentBytes.load(ordering: .relaxed) }
    var received: Int { receivedBytes.load(ordering: .relaxed) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        receivedBytes.add(unwrapInboundIn(data).readableBytes, ordering: .relaxed)
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        sentBytes.add(unwrapOutboundIn(data).readableBytes, ordering: .relaxed)
        context.write(data, promise: promise)
    }
}
