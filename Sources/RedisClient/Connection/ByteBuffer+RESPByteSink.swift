import NIOCore
import RESP

/// Commands are encoded straight into the outbound buffer.
extension ByteBuffer: RESPByteSink {
    public mutating func appendRESPBytes(_ bytes: UnsafeRawBufferPointer) { writeBytes(bytes) }
    public mutating func appendRESPByte(_ byte: UInt8) { writeInteger(byte) }
}
