import NIOCore
import RESP

/// The NIO face of `RESPDecoder`: hands it the readable bytes, consumes what it used.
struct RESPFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = RESPValue

    private var decoder: RESPDecoder

    init(limits: RESPLimits = .default) {
        decoder = RESPDecoder(limits: limits)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let decoded = try buffer.withUnsafeReadableBytes { try decoder.decode($0) }
        guard let (value, consumed) = decoded else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: consumed)
        context.fireChannelRead(wrapInboundOut(value))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}

extension ByteBuffer: RESPByteSink {
    public mutating func appendRESPBytes(_ bytes: UnsafeRawBufferPointer) { writeBytes(bytes) }
    public mutating func appendRESPByte(_ byte: UInt8) { writeInteger(byte) }
}
