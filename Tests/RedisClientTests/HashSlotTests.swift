import Testing

@testable import RedisClient

@Suite struct HashSlotTests {
    @Test func crc16ReferenceValue() {
        // The check value of CRC-16/XMODEM, quoted in the cluster specification.
        #expect(HashSlot.crc16(Array("123456789".utf8)) == 0x31C3)
        #expect(HashSlot(key: "123456789").value == 12739)
    }

    /// Slots as `CLUSTER KEYSLOT` of redis-server 7.0.15 gives them.
    @Test(arguments: [
        ("foo", 12182), ("bar", 5061), ("", 0), ("user1000", 3443),
        // The hash tag is hashed alone...
        ("{user1000}.following", 3443), ("{bar}", 5061), ("foo{bar}{zap}", 5061),
        // ...unless it is empty: then the whole key is.
        ("foo{}{bar}", 8363),
        // The tag runs from the first `{` to the first `}` after it.
        ("foo{{bar}}zap", 4015), ("{bar", 4015),
    ])
    func slotsMatchTheServer(key: String, slot: Int) {
        #expect(HashSlot(key: key).value == slot, "\(key)")
    }

    @Test func hashedPart() {
        #expect(Array(HashSlot.hashedPart(of: Array("a{b}c".utf8))) == Array("b".utf8))
        #expect(Array(HashSlot.hashedPart(of: Array("a{}c".utf8))) == Array("a{}c".utf8))
        #expect(Array(HashSlot.hashedPart(of: Array("a}b{c".utf8))) == Array("a}b{c".utf8))
        #expect(HashSlot(16384) == nil && HashSlot(-1) == nil && HashSlot(16383)?.value == 16383)
    }

    @Test func keysSharingATagShareASlot() {
        for id in 0..<200 {
            #expect(HashSlot(key: "{user:\(id)}:profile") == HashSlot(key: "{user:\(id)}:session"))
        }
    }
}
