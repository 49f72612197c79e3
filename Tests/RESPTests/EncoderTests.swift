import RESP
import Testing

/// A sink that is not `[UInt8]`, as RedisClient's ByteBuffer sink is not.
private struct ChunkedSink: RESPByteSink {
    var chunks: [[UInt8]] = []
    mutating func appendRESPBytes(_ bytes: UnsafeRawBufferPointer) { chunks.append(Array(bytes)) }
    mutating func appendRESPByte(_ byte: UInt8) { chunks.append([byte]) }
    var bytes: [UInt8] { chunks.flatMap { $0 } }
}

@Suite("Encoder")
struct EncoderTests {
    @Test func command() {
        #expect(RESPEncoder.encode(RedisCommand("SET", "key", "value")) == wire("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"))
        #expect(RESPEncoder.encode(["PING"] as RedisCommand) == wire("*1\r\n$4\r\nPING\r\n"))
        #expect(RESPEncoder.encode(RedisCommand([String]())) == wire("*0\r\n"))
        #expect(RESPEncoder.encode(RedisCommand("SET", "k", "")) == wire("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n"))
        #expect(RESPEncoder.encode(RedisCommand("SET", "ключ", "✓")) == wire("*3\r\n$3\r\nSET\r\n$8\r\nключ\r\n$3\r\n✓\r\n"))
    }

    @Test func commandArgumentsAreBinarySafe() throws {
        let arguments: [[UInt8]] = [
            Array("SET".utf8), [13, 10], [0], [0xFF], [13, 10, 13, 10, 0, 0xFF, 0xFE, 0x80],
            Array("*1\r\n$3\r\nfoo\r\n".utf8), [], Array("\r".utf8), Array("\n".utf8), Array(0...255),
        ]
        let bytes = RESPEncoder.encode(RedisCommand(bytes: arguments))
        var expected = wire("*\(arguments.count)\r\n")
        for argument in arguments { expected += wire("$\(argument.count)\r\n") + argument + wire("\r\n") }
        #expect(bytes == expected)
        // What a server's parser would see: the exact argument bytes.
        #expect(decodeComplete(bytes) == .array(arguments.map { .bulk($0) }))
    }

    @Test func largeArgumentHeader() {
        let argument = [UInt8](repeating: 0x78, count: 1_000_000)
        let bytes = RESPEncoder.encode(RedisCommand(bytes: [Array("SET".utf8), Array("k".utf8), argument]))
        #expect(bytes.starts(with: wire("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1000000\r\n")))
        #expect(bytes.count == 20 + 10 + 1_000_000 + 2)
        #expect(bytes.suffix(3) == [0x78, 13, 10])
    }

    @Test func appendCommandToAnySink() {
        let command = RedisCommand(bytes: [Array("HSET".utf8), [0, 1, 2], [13, 10], Array("v".utf8)])
        var sink = ChunkedSink()
        RESPEncoder.appendCommand(command, to: &sink)
        #expect(sink.bytes == RESPEncoder.encode(command))

        var array = wire("prefix")
        RESPEncoder.appendCommand(command, to: &array)
        RESPEncoder.appendCommand(command, to: &array)
        #expect(array == wire("prefix") + RESPEncoder.encode(command) + RESPEncoder.encode(command))
    }

    @Test(arguments: [
        (Int64(0), ":0\r\n"), (1, ":1\r\n"), (-1, ":-1\r\n"), (10, ":10\r\n"), (-10, ":-10\r\n"), (1000, ":1000\r\n"),
        (Int64.max, ":9223372036854775807\r\n"), (Int64.min, ":-9223372036854775808\r\n"), (Int64.min + 1, ":-9223372036854775807\r\n"),
    ])
    func integers(_ number: Int64, _ text: String) {
        #expect(RESPEncoder.encode(RESPValue.integer(number)) == wire(text))
        #expect(decodeComplete(wire(text)) == .integer(number))
    }

    @Test func integersRoundTripAroundPowersOfTen() {
        var numbers: [Int64] = [.min, .max]
        var power: Int64 = 1
        for _ in 0..<19 {
            numbers += [power - 1, power, power + 1, -power + 1, -power, -power - 1]
            power = power &* 10
        }
        for number in numbers {
            #expect(RESPEncoder.encode(RESPValue.integer(number)) == wire(":\(number)\r\n"))
            #expect(decodeComplete(wire(":\(number)\r\n")) == .integer(number))
        }
    }

    @Test func values() {
        let cases: [(RESPValue, String)] = [
            (.simpleString("OK"), "+OK\r\n"),
            (.simpleError("ERR bad"), "-ERR bad\r\n"),
            (.bulk("hello"), "$5\r\nhello\r\n"),
            (.bulkString([]), "$0\r\n\r\n"),
            (.null, "_\r\n"),
            (.array([]), "*0\r\n"),
            (.array([.integer(1), .bulk("a")]), "*2\r\n:1\r\n$1\r\na\r\n"),
            (.boolean(true), "#t\r\n"),
            (.boolean(false), "#f\r\n"),
            (.double(1.5), ",1.5\r\n"),
            (.double(.infinity), ",inf\r\n"),
            (.double(-.infinity), ",-inf\r\n"),
            (.double(.nan), ",nan\r\n"),
            (.bigNumber("-123456789012345678901234567890"), "(-123456789012345678901234567890\r\n"),
            (.bulkError(RESPBytes(Array("SYNTAX invalid syntax".utf8))), "!21\r\nSYNTAX invalid syntax\r\n"),
            (.verbatimString(format: "txt", text: RESPBytes(Array("Some string".utf8))), "=15\r\ntxt:Some string\r\n"),
            (.map([RESPPair(.simpleString("first"), .integer(1))]), "%1\r\n+first\r\n:1\r\n"),
            (.set([.simpleString("a")]), "~1\r\n+a\r\n"),
            (.push([.bulk("message")]), ">1\r\n$7\r\nmessage\r\n"),
            (.attribute([RESPPair(.simpleString("ttl"), .integer(3600))], value: .integer(3)), "|1\r\n+ttl\r\n:3600\r\n:3\r\n"),
        ]
        for (value, text) in cases {
            #expect(RESPEncoder.encode(value) == wire(text), "\(value)")
        }
    }

    @Test func appendValueToAnySink() {
        for example in specExamples {
            var sink = ChunkedSink()
            RESPEncoder.append(example.value, to: &sink)
            #expect(sink.bytes == RESPEncoder.encode(example.value))
        }
    }

    @Test func binaryBulkPayloadsAreWrittenVerbatim() {
        let payload: [UInt8] = [13, 10, 0, 0xFF, 36, 45, 13]
        #expect(RESPEncoder.encode(RESPValue.bulk(payload)) == wire("$7\r\n") + payload + wire("\r\n"))
        #expect(RESPEncoder.encode(RESPValue.bulkError(RESPBytes(payload))) == wire("!7\r\n") + payload + wire("\r\n"))
        #expect(
            RESPEncoder.encode(RESPValue.verbatimString(format: "txt", text: RESPBytes(payload))) == wire("=11\r\ntxt:") + payload
                + wire("\r\n"))
    }

    @Test(arguments: [
        1.0, -1.0, 0.0, -0.0, 0.1, 1.0 / 3.0, 1e-300, .leastNonzeroMagnitude, 1.7976931348623157e308, -2.5e-8, 123456789.125, 1e21, 1e22,
        Double.pi, Double.ulpOfOne, Double.leastNormalMagnitude,
    ])
    func doublesRoundTripExactly(_ number: Double) {
        let text = RESPEncoder.formatDouble(number)
        guard case .double(let decoded)? = decodeComplete(wire(",\(text)\r\n")) else {
            Issue.record("\(text) did not decode as a double")
            return
        }
        #expect(decoded.bitPattern == number.bitPattern, "\(text)")
    }

    @Test func formatDoubleSpecialValues() {
        #expect(RESPEncoder.formatDouble(.infinity) == "inf")
        #expect(RESPEncoder.formatDouble(-.infinity) == "-inf")
        #expect(RESPEncoder.formatDouble(.nan) == "nan")
        #expect(RESPEncoder.formatDouble(-.nan) == "nan")
        #expect(RESPEncoder.formatDouble(.signalingNaN) == "nan")
    }
}

@Suite("RedisCommand")
struct RedisCommandTests {
    @Test func nameAndArguments() {
        let command: RedisCommand = ["set", "key", "value"]
        #expect(command.name == "SET")
        #expect(command.argument(1) == "key")
        #expect(command.argument(3) == nil)
        #expect(command.description == "set key value")
        #expect(RedisCommand([String]()).name == "")
        #expect(RedisCommand("GET", "k") == RedisCommand(["GET", "k"]))
        #expect(RedisCommand(bytes: [Array("GET".utf8)]) == RedisCommand("GET"))
    }
}
