/// Somewhere RESP bytes can be appended: `[UInt8]` here, a NIO `ByteBuffer` in RedisClient,
/// so commands are written straight into the outbound buffer without an intermediate copy.
public protocol RESPByteSink {
    mutating func appendRESPBytes(_ bytes: UnsafeRawBufferPointer)
    mutating func appendRESPByte(_ byte: UInt8)
}

extension Array: RESPByteSink where Element == UInt8 {
    public mutating func appendRESPBytes(_ bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
    public mutating func appendRESPByte(_ byte: UInt8) { append(byte) }
}

/// Writes commands (arrays of bulk strings) and, for tests and traces, any RESP value.
public enum RESPEncoder {
    /// Appends `*N\r\n$len\r\narg\r\n…`.
    ///
    /// Inlinable so that it is specialised for the caller's sink (a NIO `ByteBuffer` in
    /// RedisClient): unspecialised, every byte would go through a witness table.
    @inlinable
    public static func appendCommand<Sink: RESPByteSink>(_ command: RedisCommand, to sink: inout Sink) {
        appendLengthLine(UInt8(ascii: "*"), command.arguments.count, to: &sink)
        for argument in command.arguments {
            appendLengthLine(UInt8(ascii: "$"), argument.count, to: &sink)
            argument.withUnsafeBytes { sink.appendRESPBytes($0) }
            withUnsafeBytes(of: UInt16(0x0A0D).littleEndian) { sink.appendRESPBytes($0) }  // "\r\n"
        }
    }

    /// `*12\r\n` or `$3\r\n` in one append: the type byte, a count or length, CRLF.
    @inlinable
    static func appendLengthLine<Sink: RESPByteSink>(_ type: UInt8, _ value: Int, to sink: inout Sink) {
        var line: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // room for a type byte, 20 digits, a sign, CRLF
        withUnsafeMutableBytes(of: &line) { buffer in
            var index = buffer.count
            index -= 2
            buffer[index] = UInt8(ascii: "\r")
            buffer[index + 1] = UInt8(ascii: "\n")
            var rest = value.magnitude
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 {
                index -= 1
                buffer[index] = UInt8(ascii: "-")
            }
            index -= 1
            buffer[index] = type
            sink.appendRESPBytes(UnsafeRawBufferPointer(rebasing: buffer[index...]))
        }
    }

    /// The bytes of one command.
    public static func encode(_ command: RedisCommand) -> [UInt8] {
        var bytes: [UInt8] = []
        appendCommand(command, to: &bytes)
        return bytes
    }

    /// The bytes of one value, as a server would send it.
    public static func encode(_ value: RESPValue) -> [UInt8] {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return bytes
    }

    /// Appends one value in its own type (RESP3 types as RESP3).
    public static func append<Sink: RESPByteSink>(_ value: RESPValue, to sink: inout Sink) {
        switch value {
        case .simpleString(let text): appendLine(RESPType.simpleString, text, to: &sink)
        case .simpleError(let text): appendLine(RESPType.simpleError, text, to: &sink)
        case .integer(let number): appendHeader(RESPType.integer, number, to: &sink)
        case .bulkString(let bytes): appendBulk(bytes, type: RESPType.bulkString, to: &sink)
        case .null: appendLine(RESPType.null, "", to: &sink)
        case .array(let items): appendAggregate(RESPType.array, items, to: &sink)
        case .boolean(let flag): appendLine(RESPType.boolean, flag ? "t" : "f", to: &sink)
        case .double(let number): appendLine(RESPType.double, formatDouble(number), to: &sink)
        case .bigNumber(let digits): appendLine(RESPType.bigNumber, digits, to: &sink)
        case .bulkError(let bytes): appendBulk(bytes, type: RESPType.bulkError, to: &sink)
        case .verbatimString(let format, let text):
            appendBulk(Array(format.utf8.prefix(3)) + [UInt8(ascii: ":")] + text.array, type: RESPType.verbatimString, to: &sink)
        case .map(let pairs): appendPairs(RESPType.map, pairs, to: &sink)
        case .set(let items): appendAggregate(RESPType.set, items, to: &sink)
        case .attribute(let pairs, let inner):
            appendPairs(RESPType.attribute, pairs, to: &sink)
            append(inner, to: &sink)
        case .push(let items): appendAggregate(RESPType.push, items, to: &sink)
        }
    }

    /// RESP3's spelling of a double: `inf`, `-inf`, `nan`, else Swift's shortest round-trip form.
    public static func formatDouble(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        return "\(number)"
    }

    private static func appendAggregate<Sink: RESPByteSink>(_ type: UInt8, _ items: [RESPValue], to sink: inout Sink) {
        appendHeader(type, items.count, to: &sink)
        for item in items { append(item, to: &sink) }
    }

    private static func appendPairs<Sink: RESPByteSink>(_ type: UInt8, _ pairs: [RESPPair], to sink: inout Sink) {
        appendHeader(type, pairs.count, to: &sink)
        for pair in pairs {
            append(pair.key, to: &sink)
            append(pair.value, to: &sink)
        }
    }

    @inline(__always)
    private static func appendBulk<Sink: RESPByteSink>(_ bytes: RESPBytes, type: UInt8, to sink: inout Sink) {
        appendHeader(type, bytes.count, to: &sink)
        bytes.withUnsafeBytes { sink.appendRESPBytes($0) }
        appendCRLF(to: &sink)
    }

    @inline(__always)
    private static func appendBulk<Sink: RESPByteSink>(_ bytes: [UInt8], type: UInt8, to sink: inout Sink) {
        appendHeader(type, bytes.count, to: &sink)
        bytes.withUnsafeBytes { sink.appendRESPBytes($0) }
        appendCRLF(to: &sink)
    }

    private static func appendLine<Sink: RESPByteSink>(_ type: UInt8, _ text: String, to sink: inout Sink) {
        sink.appendRESPByte(type)
        var text = text
        text.withUTF8 { sink.appendRESPBytes(UnsafeRawBufferPointer($0)) }
        appendCRLF(to: &sink)
    }

    /// Appends the type byte, a decimal number and CRLF without building a String.
    @inline(__always)
    private static func appendHeader<Sink: RESPByteSink, N: BinaryInteger>(_ type: UInt8, _ number: N, to sink: inout Sink) {
        sink.appendRESPByte(type)
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits and a sign
        let magnitude = UInt64(number.magnitude)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var index = buffer.count
            var rest = magnitude
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") &+ UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if number < 0 {
                index -= 1
                buffer[index] = UInt8(ascii: "-")
            }
            sink.appendRESPBytes(UnsafeRawBufferPointer(rebasing: buffer[index...]))
        }
        appendCRLF(to: &sink)
    }

    @inline(__always)
    private static func appendCRLF<Sink: RESPByteSink>(to sink: inout Sink) {
        sink.appendRESPByte(RESPLine.cr)
        sink.appendRESPByte(RESPLine.lf)
    }
}
