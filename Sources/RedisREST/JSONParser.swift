import RESP

/// A strict JSON parser (RFC 8259) over bytes, with a nesting limit: a request body is
/// untrusted, and a body of ten thousand `[` must be an error, not a stack overflow.
///
/// Strings are not checked to be valid UTF-8: their bytes are passed on to Redis as they
/// came (Redis strings are bytes), and `\u` escapes are turned into UTF-8, surrogate pairs
/// joined (a lone surrogate is refused).
public struct JSONParser {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        /// Byte offset of the problem in the input.
        public var offset: Int
        public var reason: String
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 32) throws(Failure) -> JSONValue {
        let input = Array(bytes)
        return try input.withUnsafeBufferPointer { (buffer) throws(Failure) -> JSONValue in
            var parser = Cursor(bytes: buffer, maxDepth: maxDepth)
            parser.skipSpace()
            let value = try parser.value(depth: 0)
            parser.skipSpace()
            guard parser.position == buffer.count else { throw parser.failure("unexpected text after the value") }
            return value
        }
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        func failure(_ reason: String) -> Failure { Failure(offset: position, reason: reason) }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(Failure) -> JSONValue {
            guard let byte = current else { throw failure("the input ends where a value should be") }
            switch byte {
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw failure("unexpected character '\(Self.printable(byte))'")
            }
        }

        mutating func literal(_ word: String) throws(Failure) {
            for expected in word.utf8 {
                guard let byte = current else { throw failure("unexpected end of input") }
                guard byte == expected else { throw failure("unexpected character '\(Self.printable(byte))'") }
                position += 1
            }
        }

        mutating func array(depth: Int) throws(Failure) -> JSONValue {
            guard depth <= maxDepth else { throw failure("nested deeper than \(maxDepth) levels") }
            position += 1
            var elements: [JSONValue] = []
            skipSpace()
            if current == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                skipSpace()
                elements.append(try value(depth: depth))
                skipSpace()
                switch current {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"):
                    position += 1
                    return .array(elements)
                case nil: throw failure("the input ends inside an array")
                case let byte?: throw failure("expected ',' or ']' but found '\(Self.printable(byte))'")
                }
            }
        }

        mutating func object(depth: Int) throws(Failure) -> JSONValue {
            guard depth <= maxDepth else { throw failure("nested deeper than \(maxDepth) levels") }
            position += 1
            var members: [JSONMember] = []
            skipSpace()
            if current == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw failure("expected a member name in quotes") }
                let key = try string()
                skipSpace()
                guard current == UInt8(ascii: ":") else { throw failure("expected ':' after a member name") }
                position += 1
                skipSpace()
                members.append(JSONMember(key: key, value: try value(depth: depth)))
                skipSpace()
                switch current {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"):
                    position += 1
                    return .object(members)
                case nil: throw failure("the input ends inside an object")
                case let byte?: throw failure("expected ',' or '}' but found '\(Self.printable(byte))'")
                }
            }
        }

        mutating func number() throws(Failure) -> String {
            let start = position
            if current == UInt8(ascii: "-") { position += 1 }
            // An integer part: 0, or a digit 1-9 and more digits.
            if current == UInt8(ascii: "0") {
                position += 1
            } else if try digits() == 0 {
                throw failure("a number needs a digit")
            }
            if current == UInt8(ascii: ".") {
                position += 1
                guard try digits() > 0 else { throw failure("a number needs a digit after '.'") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard try digits() > 0 else { throw failure("a number needs a digit in its exponent") }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        }

        mutating func digits() throws(Failure) -> Int {
            let start = position
            while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
            return position - start
        }

        mutating func string() throws(Failure) -> [UInt8] {
            position += 1
            var out: [UInt8] = []
            var runStart = position
            while true {
                guard let byte = current else { throw failure("the input ends inside a string") }
                switch byte {
                case UInt8(ascii: "\""):
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                    position += 1
                    return out
                case UInt8(ascii: "\\"):
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                    position += 1
                    try escape(into: &out)
                    runStart = position
                case 0..<0x20:
                    throw failure("a control character (0x\(String(byte, radix: 16))) inside a string must be escaped")
                default:
                    position += 1
                }
            }
        }

        mutating func escape(into out: inout [UInt8]) throws(Failure) {
            guard let byte = current else { throw failure("the input ends inside an escape") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                        throw failure("a high surrogate (\\u\(String(scalar, radix: 16))) must be followed by a low one")
                    }
                    position += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("a high surrogate must be followed by a low one") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw failure("a low surrogate (\\u\(String(scalar, radix: 16))) without a high one")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw failure("not a Unicode scalar") }
                out.append(contentsOf: UTF8.encode(unicode).map { Array($0) } ?? [])
            default:
                throw failure("unknown escape '\\\(Self.printable(byte))'")
            }
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard position + 4 <= bytes.count else { throw failure("\\u needs four hex digits") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = bytes[position].hexDigitValue else { throw failure("\\u needs four hex digits") }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }

        static func printable(_ byte: UInt8) -> String {
            (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "0x\(String(byte, radix: 16))"
        }
    }
}
