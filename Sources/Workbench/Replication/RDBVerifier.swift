/// Checks an RDB payload as it streams past, without keeping it: the magic `REDIS` and a
/// 4-digit version at the start, the EOF opcode 0xFF before the last 8 bytes, and those 8
/// bytes (little-endian) equal to Redis's CRC64 of everything before them. A payload that
/// passes is what a server's load would accept as whole; one cut short or damaged on the
/// way fails at least one of them.
public struct RDBVerifier: Sendable {
    public enum Outcome: Equatable, Sendable {
        case verified(checksum: UInt64)
        /// The stored checksum is 0: the server runs with `rdbchecksum no`, so there is
        /// nothing to compare with (a server loading the file skips the check too).
        case checksumDisabled
    }

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    static let headerLength = 9
    /// The EOF opcode and the checksum: held back until the next bytes show they are not the end.
    static let trailerLength = 9

    private var header: [UInt8] = []
    private var trailer: [UInt8] = []
    private var crc = CRC64()
    public private(set) var count = 0

    public init() {}

    public mutating func consume(_ bytes: UnsafeRawBufferPointer) {
        count += bytes.count
        if header.count < Self.headerLength { header += bytes.prefix(Self.headerLength - header.count) }
        if bytes.count >= Self.trailerLength {
            crc.update(trailer)
            crc.update(UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - Self.trailerLength)]))
            trailer = Array(bytes.suffix(Self.trailerLength))
        } else {
            trailer += bytes
            let extra = trailer.count - Self.trailerLength
            if extra > 0 {
                crc.update(trailer.prefix(extra))
                trailer.removeFirst(extra)
            }
        }
    }

    public mutating func consume(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { consume($0) }
    }

    /// The verdict on everything consumed.
    public func finish() throws(Failure) -> Outcome {
        guard count > 0 else { throw Failure(description: "the server sent an empty payload") }
        let digits = header.dropFirst(5)
        guard header.count == Self.headerLength, header.starts(with: "REDIS".utf8),
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else {
            throw Failure(description: "not an RDB payload: it does not start with REDIS and a 4-digit version")
        }
        guard count >= Self.headerLength + Self.trailerLength, trailer.first == 0xFF else {
            throw Failure(description: "truncated or corrupt: no EOF opcode (0xFF) before the last 8 bytes (\(count) bytes)")
        }
        var computed = crc
        computed.update(trailer.prefix(1))
        let stored = trailer.dropFirst().reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        if stored == 0 { return .checksumDisabled }
        guard stored == computed.value else {
            throw Failure(
                description:
                    "CRC64 mismatch: the payload's is \(Self.hex(computed.value)), its last 8 bytes say \(Self.hex(stored)) (\(count) bytes)"
            )
        }
        return .verified(checksum: stored)
    }

    /// The RDB version the header names (`REDIS0010` → "0010"), once 9 bytes were consumed.
    public var version: String? {
        header.count == Self.headerLength ? String(decoding: header.dropFirst(5), as: UTF8.self) : nil
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
