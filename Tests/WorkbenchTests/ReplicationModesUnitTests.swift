import Testing

@testable import Workbench

/// Redis's CRC64, the RDB verifier on whole, cut and damaged payloads, the EOF-mark search,
/// and --lru-test's draw and line.
@Suite struct ReplicationModesUnitTests {
    @Test func crc64MatchesRedisCheckValue() {
        var crc = CRC64()
        crc.update(Array("123456789".utf8))
        #expect(crc.value == 0xe9c6_d914_c4b8_d9ca)
        var split = CRC64()
        split.update(Array("1234".utf8))
        split.update(Array("56789".utf8))
        #expect(split.value == crc.value)
        var empty = CRC64()
        empty.update([UInt8]())
        #expect(empty.value == 0)
    }

    /// A payload of RDB shape: magic, some bytes, the EOF opcode, then the checksum (LE).
    private static func rdb(_ body: [UInt8], checksum: UInt64? = nil) -> [UInt8] {
        var bytes = Array("REDIS0010".utf8) + body + [0xFF]
        var crc = CRC64()
        crc.update(bytes)
        let stored = checksum ?? crc.value
        bytes += (0..<8).map { UInt8(truncatingIfNeeded: stored >> (8 * UInt64($0))) }
        return bytes
    }

    private static func verify(_ bytes: [UInt8], pieces: Int = 1) throws(RDBVerifier.Failure) -> RDBVerifier.Outcome {
        var verifier = RDBVerifier()
        let size = max(1, bytes.count / pieces)
        var start = 0
        while start < bytes.count {
            verifier.consume(Array(bytes[start..<min(bytes.count, start + size)]))
            start += size
        }
        return try verifier.finish()
    }

    @Test func aWholePayloadIsVerifiedHoweverItArrives() throws {
        let body = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let bytes = Self.rdb(body)
        var crc = CRC64()
        crc.update(bytes.dropLast(8))
        for pieces in [1, 2, 7, 500, bytes.count] {
            #expect(try Self.verify(bytes, pieces: pieces) == .verified(checksum: crc.value), "\(pieces) pieces")
        }
        var verifier = RDBVerifier()
        verifier.consume(bytes)
        #expect(verifier.version == "0010")
    }

    @Test func aCutOrDamagedPayloadFails() {
        let bytes = Self.rdb(Array(repeating: 7, count: 300))
        #expect(throws: RDBVerifier.Failure.self) { try Self.verify(Array(bytes.dropLast())) }
        #expect(throws: RDBVerifier.Failure.self) { try Self.verify(Array(bytes.prefix(150)), pieces: 3) }
        var damaged = bytes
        damaged[100] ^= 0x01
        do {
            _ = try Self.verify(damaged, pieces: 4)
            Issue.record("a damaged payload passed")
        } catch {
            #expect(error.description.hasPrefix("CRC64 mismatch: the payload's is 0x"), "\(error)")
        }
        #expect(throws: RDBVerifier.Failure.self) { try Self.verify(Array("RESID0010".utf8) + bytes.dropFirst(9)) }
        #expect(throws: RDBVerifier.Failure.self) { try Self.verify(Array("REDIS00x0".utf8) + bytes.dropFirst(9)) }
        #expect(throws: RDBVerifier.Failure.self) { try Self.verify([]) }
        #expect(throws: RDBVerifier.Failure.self) { try Self.verify(Array("REDIS0010".utf8)) }
    }

    @Test func aZeroChecksumIsAcceptedUnverified() throws {
        #expect(try Self.verify(Self.rdb([1, 2, 3], checksum: 0)) == .checksumDisabled)
    }

    @Test func theEOFMarkIsFoundWhereverItFalls() {
        let mark = Array(String(repeating: "ab", count: 20).utf8)
        #expect(ReplicationLink.find(mark, in: [1, 2] + mark + [3]) == 2)
        #expect(ReplicationLink.find(mark, in: mark) == 0)
        #expect(ReplicationLink.find(mark, in: Array(mark.dropLast())) == nil)
        #expect(ReplicationLink.find(mark, in: Array("ab".utf8) + mark) == 0)
    }

    @Test func lruTestDrawsEightyTwentyAndPrintsRedisCliLine() {
        var hot = 0
        let draws = 100_000
        for _ in 0..<draws {
            let index = LRUTestMode.powerLawIndex(1000)
            #expect((1...1000).contains(index))
            if index <= 200 { hot += 1 }
        }
        let share = Double(hot) / Double(draws)
        #expect(share > 0.75 && share < 0.85, "\(share)")
        #expect(LRUTestMode.line(hits: 3, misses: 1) == "4 Gets/sec | Hits: 3 (75.00%) | Misses: 1 (25.00%)")
        #expect(LRUTestMode.line(hits: 2, misses: 1) == "3 Gets/sec | Hits: 2 (66.67%) | Misses: 1 (33.33%)")
        #expect(LRUTestMode.line(hits: 0, misses: 250) == "250 Gets/sec | Hits: 0 (0.00%) | Misses: 250 (100.00%)")
    }

    @Test func lruTestRemembersEachKeyItWroteOnce() {
        var keys = LRUTestMode.KeySet(count: 1000)
        for index in [1, 64, 63, 1000, 64, 500] { keys.insert(index) }
        #expect(Array(keys) == [1, 63, 64, 500, 1000])
        #expect(Array(LRUTestMode.KeySet(count: 10)).isEmpty)
    }
}
