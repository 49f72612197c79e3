/// The slot (0…16383) a key belongs to in Redis Cluster: CRC16 (XMODEM: polynomial 0x1021,
/// initial value 0) of the key, or of its hash tag, modulo 16384, as the cluster
/// specification defines it. The hash tag is what lies between the first `{` and the first
/// `}` after it, when that is not empty: `{user:1}:profile` and `{user:1}:session` share a
/// slot, so one command or Lua script may touch both.
public struct HashSlot: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let count = 16384

    public let value: Int

    public init?(_ value: Int) {
        guard (0..<Self.count).contains(value) else { return nil }
        self.value = value
    }

    public init(key: [UInt8]) {
        value = Int(Self.crc16(Self.hashedPart(of: key)) & 0x3FFF)
    }

    public init(key: String) {
        self.init(key: Array(key.utf8))
    }

    /// The bytes that are hashed: the hash tag when there is a non-empty one, else the key.
    public static func hashedPart(of key: [UInt8]) -> ArraySlice<UInt8> {
        guard let open = key.firstIndex(of: UInt8(ascii: "{")),
            let close = key[(open + 1)...].firstIndex(of: UInt8(ascii: "}")), close > open + 1
        else { return key[...] }
        return key[(open + 1)..<close]
    }

    public static func crc16<Bytes: Sequence>(_ bytes: Bytes) -> UInt16 where Bytes.Element == UInt8 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    private static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index) << 8
        for _ in 0..<8 {
            crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
        }
        return crc
    }

    public static func < (lhs: HashSlot, rhs: HashSlot) -> Bool { lhs.value < rhs.value }

    public var description: String { String(value) }
}
