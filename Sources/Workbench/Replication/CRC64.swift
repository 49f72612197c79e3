/// Redis's crc64 (`src/crc64.c`): the Jones polynomial 0xad93d23594c935a9, reflected in and
/// out, initial value 0, no final xor. It is the checksum an RDB file ends with (written
/// little-endian), the one `redis-check-rdb` and a replica's load check; crc64 of
/// "123456789" is 0xe9c6d914c4b8d9ca.
public struct CRC64: Sendable {
    public private(set) var value: UInt64

    public init(_ value: UInt64 = 0) {
        self.value = value
    }

    /// The polynomial with its bits reversed, as a reflected (least significant bit first)
    /// table-driven CRC uses it.
    static let reflectedPolynomial: UInt64 = 0x95ac_9329_ac4b_c9b5

    static let table: [UInt64] = (0..<256).map { index in
        var crc = UInt64(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ reflectedPolynomial : crc >> 1 }
        return crc
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = value
        Self.table.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] ^ (crc >> 8) }
        }
        value = crc
    }

    public mutating func update(_ bytes: some Collection<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { update($0) }
        }
    }
}
