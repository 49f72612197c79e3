/// Bytes read from a connection, consumed from the front as replies are decoded. An array
/// rather than a ByteBuffer so that bulk replies can be views of it (`RESPBytes`) instead of
/// copies. Shared by every reader: `RedisChannelHandler`, `BlockingConnection` and
/// `CountingSocketLoop`.
struct ReadBuffer {
    /// Everything kept; `bytes[readIndex...]` is not consumed yet.
    private(set) var bytes: [UInt8] = []
    private(set) var readIndex = 0

    /// The largest storage kept for the next read once everything is consumed.
    static let reusedCapacity = 1 << 20

    var hasUnread: Bool { readIndex < bytes.count }

    /// The first unconsumed byte (a reply's type byte); only while `hasUnread`.
    var nextByte: UInt8 { bytes[readIndex] }

    mutating func consume(_ count: Int) {
        readIndex += count
    }

    /// Appends what arrived, first dropping what was consumed.
    mutating func append(_ incoming: UnsafeRawBufferPointer) {
        if readIndex == bytes.count {
            // Everything before was consumed: empty the buffer. Its storage is reused when no
            // reply views it any more (otherwise the array takes new storage, copy-on-write,
            // and the replies keep the old), unless a large reply grew it: that is let go.
            if bytes.capacity <= Self.reusedCapacity {
                bytes.removeAll(keepingCapacity: true)
            } else {
                bytes = []
            }
            readIndex = 0
        } else if readIndex > 0 {
            // Keep only the unread part (the start of a reply cut short), in a new buffer:
            // replies decoded earlier may still view the old one.
            bytes = Array(bytes[readIndex...])
            readIndex = 0
        }
        bytes.append(contentsOf: incoming)
    }
}
