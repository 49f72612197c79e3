import NIOCore
import Synchronization

/// Shows the bytes on the wire (`.trace on`): every write and read of a connection, as they
/// pass, before any decoding. Off by default; costs one atomic load per read or write.
///
/// A REST endpoint's exchanges come as HTTP messages, already rendered as lines with the
/// token masked (`RESTTrace`), to the `http` sink; without one, as their text to the other.
public final class WireTracer: Sendable {
    public enum Direction: Sendable {
        case sent, received
    }

    private let enabled = Atomic<Bool>(false)
    private let sink: @Sendable (Direction, [UInt8]) -> Void
    private let httpSink: (@Sendable (Direction, [String]) -> Void)?

    public init(_ sink: @escaping @Sendable (Direction, [UInt8]) -> Void, http: (@Sendable (Direction, [String]) -> Void)? = nil) {
        self.sink = sink
        self.httpSink = http
    }

    public var isEnabled: Bool {
        get { enabled.load(ordering: .relaxed) }
        set { enabled.store(newValue, ordering: .relaxed) }
    }

    func record(_ direction: Direction, _ buffer: ByteBuffer) {
        guard isEnabled else { return }
        sink(direction, Array(buffer.readableBytesView))
    }

    /// One HTTP message as lines (built only when tracing is on).
    func recordHTTP(_ direction: Direction, _ lines: () -> [String]) {
        guard isEnabled else { return }
        if let httpSink {
            httpSink(direction, lines())
        } else {
            sink(direction, Array(lines().joined(separator: "\n").utf8))
        }
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
