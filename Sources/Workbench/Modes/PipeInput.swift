import RESP

/// The commands of `--pipe`'s standard input, one at a time: RESP arrays of bulk strings (what
/// redis-cli --pipe takes), passed on byte for byte once their framing is checked, and inline
/// lines (`SET k "two words"`, quoted as in the REPL), which are encoded. Checking the framing
/// here is what lets a malformed stream stop at the exact byte, with every command before it
/// sent and answered, instead of the server closing the connection somewhere after it.
public enum PipeInput {
    public enum Next: Equatable {
        /// A RESP command: these bytes, as they are.
        case resp(Range<Int>)
        /// An inline command's arguments, and the bytes its line took.
        case inline([[UInt8]], length: Int)
        /// Bytes that hold no command (a blank line, `*0`).
        case skip(Int)
        /// The command is cut short: more input is needed.
        case needMore
    }

    public struct Malformed: Error, Equatable, CustomStringConvertible {
        /// Where the problem is, counted from `start`'s buffer's first byte.
        public var offset: Int
        public var reason: String
        public var description: String { reason }
    }

    /// Redis's own limits: proto-max-bulk-len's default, and the most arguments it accepts.
    static let maxBulkLength = 512 * 1024 * 1024
    static let maxArguments = 1024 * 1024 * 1024
    /// More digits than any count or length has: 18 cannot overflow an Int, and a 19th makes
    /// the line malformed.
    static let maxDigits = 18

    /// The command that starts at `start`. `atEnd`: no more input will come, so a command cut
    /// short is malformed rather than waiting for more.
    public static func next(in bytes: [UInt8], from start: Int, atEnd: Bool) throws(Malformed) -> Next {
        guard start < bytes.count else { return .needMore }
        if bytes[start] == UInt8(ascii: "*") { return try resp(bytes, from: start, atEnd: atEnd) }
        return try inline(bytes, from: start, atEnd: atEnd)
    }

    private static func resp(_ bytes: [UInt8], from start: Int, atEnd: Bool) throws(Malformed) -> Next {
        var index = start + 1
        guard let count = try number(bytes, at: &index, atEnd: atEnd, what: "argument count") else { return .needMore }
        guard count <= maxArguments else {
            throw Malformed(offset: start, reason: "an argument count of \(count) (Redis takes at most \(maxArguments))")
        }
        if count == 0 { return .skip(index - start) }
        for argument in 1...count {
            guard index < bytes.count else { return try cutShort(start, atEnd) }
            guard bytes[index] == UInt8(ascii: "$") else {
                throw Malformed(
                    offset: index, reason: "argument \(argument) of \(count) should be a bulk string ('$'), found \(shown(bytes[index]))")
            }
            let lengthAt = index
            index += 1
            guard let length = try number(bytes, at: &index, atEnd: atEnd, what: "bulk length") else { return .needMore }
            guard length <= maxBulkLength else {
                throw Malformed(offset: lengthAt, reason: "a bulk length of \(length) (proto-max-bulk-len is \(maxBulkLength) by default)")
            }
            guard index + length + 2 <= bytes.count else { return try cutShort(start, atEnd) }
            guard bytes[index + length] == 0x0D, bytes[index + length + 1] == 0x0A else {
                throw Malformed(offset: index + length, reason: "argument \(argument) of \(count) is longer than its length, \(length)")
            }
            index += length + 2
        }
        return .resp(start..<index)
    }

    /// Digits then CRLF from `index` (moved past them); nil when the line is not complete yet.
    private static func number(_ bytes: [UInt8], at index: inout Int, atEnd: Bool, what: String) throws(Malformed) -> Int? {
        let begin = index
        var value = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9"), index - begin < maxDigits {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        let incomplete = index == bytes.count || (bytes[index] == 0x0D && index + 1 == bytes.count)
        if incomplete {
            if atEnd { throw Malformed(offset: begin, reason: "the input ends inside a command's \(what)") }
            index = begin
            return nil
        }
        guard index > begin, bytes[index] == 0x0D, bytes[index + 1] == 0x0A else {
            throw Malformed(offset: begin, reason: "the \(what) should be digits then CRLF")
        }
        index += 2
        return value
    }

    private static func cutShort(_ start: Int, _ atEnd: Bool) throws(Malformed) -> Next {
        if atEnd { throw Malformed(offset: start, reason: "the input ends inside a command") }
        return .needMore
    }

    private static func inline(_ bytes: [UInt8], from start: Int, atEnd: Bool) throws(Malformed) -> Next {
        guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
            if !atEnd { return .needMore }
            return try inlineLine(bytes, start..<bytes.count, length: bytes.count - start)
        }
        return try inlineLine(bytes, start..<newline, length: newline + 1 - start)
    }

    private static func inlineLine(_ bytes: [UInt8], _ line: Range<Int>, length: Int) throws(Malformed) -> Next {
        var text = Array(bytes[line])
        if text.last == 0x0D { text.removeLast() }
        let arguments: [[UInt8]]
        do {
            arguments = try CommandLineSplitter.split(bytes: text)
        } catch {
            throw Malformed(offset: line.lowerBound, reason: "an inline command that does not split: \(error)")
        }
        return arguments.isEmpty ? .skip(length) : .inline(arguments, length: length)
    }

    private static func shown(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
    }
}
