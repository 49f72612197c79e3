import PropertyBased
import RESP
import Testing

/// Bulk payloads are views of the buffer they were decoded from: they must index from 0,
/// read the same wherever in the buffer they sit, and stay what they were whatever happens
/// to the buffer.
@Suite("RESPBytes: views of the read buffer")
struct RESPBytesTests {
    @Test func aViewIndexesFromZeroAndEqualsACopy() throws {
        let buffer = wire("+OK\r\n$5\r\nhello\r\n")
        var decoder = RESPDecoder()
        let (first, used) = try #require(try decoder.decode(buffer, from: 0))
        #expect(first == .simpleString("OK"))
        let (second, _) = try #require(try decoder.decode(buffer, from: used))
        guard case .bulkString(let bytes) = second else {
            Issue.record("not a bulk string: \(second)")
            return
        }
        #expect(bytes.startIndex == 0 && bytes.count == 5 && bytes[0] == UInt8(ascii: "h") && bytes[4] == UInt8(ascii: "o"))
        #expect(bytes == RESPBytes(Array("hello".utf8)) && bytes.array == Array("hello".utf8))
        #expect(bytes.hashValue == RESPBytes(Array("hello".utf8)).hashValue)
        #expect(Array(bytes.dropFirst(1)) == Array("ello".utf8))
    }

    @Test func aViewKeepsItsBytesWhenTheBufferChanges() throws {
        var buffer = wire("$3\r\nabc\r\n$3\r\nde")
        var decoder = RESPDecoder()
        let (value, used) = try #require(try decoder.decode(buffer, from: 0))
        // What a network reader does next: drop what was read, append what arrives.
        buffer.removeFirst(used)
        buffer.append(contentsOf: wire("f\r\n"))
        buffer[4] = UInt8(ascii: "X")
        #expect(value == .bulk("abc"))
        #expect(try decoder.decode(buffer, from: 0)?.value == .bulk("Xef"))
    }

    @Test("a value decoded from the middle of a buffer is the value decoded alone")
    func viewsAtAnOffsetEqualTheValue() async {
        await propertyCheck(count: 1000, input: RandomRESP.values(0x5EED_00B1)) { value in
            let bytes = RESPEncoder.encode(value)
            let buffer = wire("$3\r\nabc\r\n") + bytes + wire("+after\r\n")
            var decoder = RESPDecoder()
            guard let decoded = try? decoder.decode(buffer, from: 9) else {
                Issue.record("\(bytes.count) bytes did not decode from offset 9")
                return
            }
            #expect(decoded.consumed == bytes.count)
            #expect(equivalent(decoded.value, value))
            #expect(RESPEncoder.encode(decoded.value) == bytes)
        }
    }
}
