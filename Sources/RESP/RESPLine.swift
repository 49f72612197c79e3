/// Type bytes of RESP2 and RESP3.
enum RESPType {
    static let simpleString = UInt8(ascii: "+")
    static let simpleError = UInt8(ascii: "-")
    static let integer = UInt8(ascii: ":")
    static let bulkString = UInt8(ascii: "$")
    static let array = UInt8(ascii: "*")
    static let null = UInt8(ascii: "_")
    static let boolean = UInt8(ascii: "#")
    static let double = UInt8(ascii: ",")
    static let bigNumber = UInt8(ascii: "(")
    static let bulkError = UInt8(ascii: "!")
    static let verbatimString = UInt8(ascii: "=")
    static let map = UInt8(ascii: "%")
    static let set = UInt8(ascii: "~")
    static let attribute = UInt8(ascii: "|")
    static let push = UInt8(ascii: ">")

    /// Whether `byte` starts one of the types above.
    @inline(__always)
    static func isKnown(_ byte: UInt8) -> Bool {
        switch byte {
        case simpleString, simpleError, integer, bulkString, array, null, boolean, double, bigNumber, bulkError,
            verbatimString, map, set, attribute, push:
            return true
        default:
            return false
        }
    }
}

/// Helpers over one CRLF-terminated line of a raw buffer. Ranges are half-open byte offsets.
enum RESPLine {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")

    /// Offset of the CR that ends the line starting at `lineStart` (its type byte), or nil
    /// when the CRLF has not arrived yet. A lone CR or LF inside the line is malformed.
    @inline(__always)
    static func end(
        _ b: UnsafeRawBufferPointer, lineStart: Int, maxLength: Int
    ) throws(RESPDecodingError) -> Int? {
        var i = lineStart + 1
        // A line of exactly maxLength bytes may still have its CR at `limit - 1`. Compared
        // this way round so that a huge custom maxLength cannot overflow.
        let limit = maxLength < b.count - lineStart - 2 ? lineStart + 2 + maxLength : b.count
        while i < limit {
            let byte = b[i]
            if byte == cr {
                guard i + 1 < b.count else { return nil }
                guard b[i + 1] == lf else { throw RESPDecodingError(.missingCRLF, at: i) }
                return i
            }
            if byte == lf { throw RESPDecodingError(.missingCRLF, at: i) }
            i += 1
        }
        if limit < b.count {
            throw RESPDecodingError(.lineTooLong, at: lineStart)
        }
        return nil
    }

    /// A signed decimal that fits in 64 bits, with an optional sign; nil otherwise.
    @inline(__always)
    static func integer(_ b: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int64? {
        var i = start
        var negative = false
        if i < end, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < end else { return nil }
        // Accumulate as a negative number so that Int64.min parses too.
        var value: Int64 = 0
        while i < end {
            let digit = b[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            i += 1
        }
        if negative { return value }
        return value == Int64.min ? nil : -value
    }

    /// A RESP3 double: decimal or exponent notation, `inf`, `-inf`, `nan`.
    static func double(_ b: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        guard start < end else { return nil }
        let text = self.text(b, start, end)
        switch text.lowercased() {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "-nan": return .nan
        default: break
        }
        // Only digits, sign, dot and exponent: Double.init also takes hex floats and "infinity".
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                continue
            default:
                return nil
            }
        }
        return Double(text)
    }

    /// An optional minus sign and at least one digit.
    static func isBigNumber(_ b: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        var i = start
        if i < end, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        guard i < end else { return false }
        while i < end {
            guard b[i] &- UInt8(ascii: "0") < 10 else { return false }
            i += 1
        }
        return true
    }

    static func text(_ b: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
    }

    static func bytes(_ b: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> [UInt8] {
        Array(UnsafeRawBufferPointer(rebasing: b[start..<end]))
    }
}
