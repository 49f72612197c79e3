import NIOCore
import Synchronization

/// Shows the bytes on the wire (`.trace on`): every write and read of a connection, as they
/// pass, before any decoding. Off by default; costs one atomic load per read or write.
public final class WireTracer: Sendable {
    public enum Direction: Sendable {
        case sent, received
    }

    private let enabled = Atomic<Bool>(false)
    private let sink: @Sendable (Direction, [UInt8]) -> Void

    public init(_ sink: @escaping @Sendable (Direction, [UInt8]) -> Void) {
        self.sink = sink
    }

    public var isEnabled: Bool {
        get { enabled.load(ordering: .relaxed) }
        set { enabled.store(newValue, ordering: .relaxed) }
    }

    func record(_ direction: Direction, _ buffer: ByteBuffer) {
        guard isEnabled else { return }
        sink(direction, Array(buffer.readableBytesView))
    }
}

/// Sits next to the socket (after TLS) and hands raw bytes to the tracer.
final class WireTraceHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let tracer: WireTracer

    init(tracer: WireTracer) {
        self.tracer = tracer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        tracer.record(.received, unwrapInboundIn(data))
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        tracer.record(.sent, unwrapOutboundIn(data))
        context.write(data, promise: promise)
    }
}
