import PropertyBased
import RESP
import Testing

/// Bulk payloads decoded from an array are views of it; from raw bytes, copies. Both must
/// read the same, index from 0, and stay what they were whatever happens to the buffer.
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

    @Test("views and copies decode to the same values")
    func viewsEqualCopies() async {
        await propertyCheck(count: 1000, input: RandomRESP.values(0x5EED_00B1)) { value in
            let bytes = RESPEncoder.encode(value)
            var views = RESPDecoder()
            var copies = RESPDecoder()
            let viewed = try? views.decode(bytes, from: 0)
            let copied = try? bytes.withUnsafeBytes { raw throws(RESPDecodingError) in try copies.decode(raw) }
            #expect(viewed?.consumed == bytes.count && copied?.consumed == bytes.count)
            if let viewed, let copied {
                #expect(equivalent(viewed.value, copied.value))
                #expect(RESPEncoder.encode(viewed.value) == RESPEncoder.encode(copied.value))
            }
        }
    }
}
