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

}

/// Helpers over one CRLF-terminated line of a raw buffer. Ranges are half-open byte offsets.
///
/// Reads go through `UnsafeRawBufferPointer` subscripts; every index is kept below `b.count`
/// by the loop bounds, never by trusting what the input declares.
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
            // CR (13) and LF (10) are the only bytes that matter, and both are below 14.
            if _slowPath(byte <= cr) {
                if byte == cr {
                    guard i + 1 < b.count else { return nil }
                    guard b[i + 1] == lf else { throw RESPDecodingError(.missingCRLF, at: i) }
                    return i
                }
                if byte == lf { throw RESPDecodingError(.missingCRLF, at: i) }
            }
            i += 1
        }
        if limit < b.count {
            throw RESPDecodingError(.lineTooLong, at: lineStart)
        }
        return nil
    }

    /// The integer on the line that starts at `lineStart` (its type byte) and the offset of
    /// its CR, or nil when the line is incomplete. Throws `invalid` for a complete line that
    /// is not a 64-bit integer, and what `end` throws for a malformed line.
    @inline(__always)
    static func integerLine(
        _ b: UnsafeRawBufferPointer, lineStart: Int, maxLength: Int, invalid: RESPDecodingError.Kind
    ) throws(RESPDecodingError) -> (value: Int64, cr: Int)? {
        // Nearly every length and integer is short, well formed and complete: read it in one pass.
        if let short = shortInteger(b, lineStart + 1), short.cr - lineStart - 1 <= maxLength {
            return short
        }
        // Anything else takes the general path, which decides between need-more and each error.
        guard let cr = try end(b, lineStart: lineStart, maxLength: maxLength) else { return nil }
        guard let value = integer(b, lineStart + 1, cr) else { throw RESPDecodingError(invalid, at: lineStart + 1) }
        return (value, cr)
    }

    /// Fast path of `integerLine`: an optional `-`, 1 to 18 digits (so no overflow is
    /// possible) and CRLF, all present in `b`; nil for anything else, including "not yet".
    @inline(__always)
    static func shortInteger(_ b: UnsafeRawBufferPointer, _ start: Int) -> (value: Int64, cr: Int)? {
        var i = start
        guard i < b.count else { return nil }
        let negative = b[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let digitsStart = i
        let stop = min(b.count, digitsStart + 19)
        var value: Int64 = 0
        while i < stop {
            let digit = b[i] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &+ Int64(digit)
            i += 1
        }
        let digits = i - digitsStart
        guard digits > 0, digits <= 18, i + 1 < b.count, b[i] == cr, b[i + 1] == lf else { return nil }
        return (negative ? -value : value, i)
    }

    /// A signed decimal that fits in 64 bits, with an optional sign; nil otherwise.
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

    // MARK: Doubles

    /// A RESP3 double, or nil: `inf`, `-inf`, `nan` (any case; also `+inf` and `-nan`), or
    /// decimal notation as strtod reads it: sign, digits with at most one dot and at least
    /// one digit, then an optional exponent (`e` or `E`, sign, at least one digit). Hex
    /// floats, `infinity`, spaces and anything else are rejected.
    static func double(_ b: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        if let value = special(b, start, end) { return value }
        guard let parts = decimal(b, start, end) else { return nil }
        // Clinger's fast path: when the digits form an integer below 2^53 and the power of ten
        // is at most 10^22, both are exact doubles and one IEEE multiplication or division
        // rounds correctly. `exactPowersOfTen` holds exactly those powers.
        if parts.significantDigits <= 19, parts.mantissa <= 1 << 53, parts.exponent.magnitude <= 22 {
            let mantissa = Double(parts.mantissa)
            let power = exactPowersOfTen[Int(parts.exponent.magnitude)]
            let value = parts.exponent < 0 ? mantissa / power : mantissa * power
            return parts.negative ? -value : value
        }
        // Up to 19 digits (Redis sends 17): Eisel–Lemire, unless it is too close to call.
        if parts.significantDigits <= 19,
            let value = EiselLemire.value(parts.mantissa, timesTenTo: parts.exponent, negative: parts.negative)
        {
            return value
        }
        // Otherwise let the standard library round (it also turns 1e400 into inf).
        return Double(text(b, start, end))
    }

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    /// `inf`, `+inf`, `-inf`, `nan`, `-nan` in any case.
    @inline(__always)
    private static func special(_ b: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        var i = start
        var negative = false
        if i < end, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        guard end - i == 3 else { return nil }
        // Setting bit 5 lower-cases ASCII letters; no other byte turns into one of these letters.
        let word = (UInt32(b[i] | 0x20) << 16) | (UInt32(b[i + 1] | 0x20) << 8) | UInt32(b[i + 2] | 0x20)
        let inf = (UInt32(UInt8(ascii: "i")) << 16) | (UInt32(UInt8(ascii: "n")) << 8) | UInt32(UInt8(ascii: "f"))
        let nan = (UInt32(UInt8(ascii: "n")) << 16) | (UInt32(UInt8(ascii: "a")) << 8) | UInt32(UInt8(ascii: "n"))
        if word == inf { return negative ? -.infinity : .infinity }
        if word == nan, i == start || negative { return .nan }
        return nil
    }

    /// The parts of a decimal double, or nil when the bytes are not one.
    private struct Decimal {
        var negative: Bool
        /// The digits without leading zeros, as an integer; meaningful only when
        /// `significantDigits` is at most 19 (longer numbers take the slow path).
        var mantissa: UInt64
        var significantDigits: Int
        /// Power of ten to apply to `mantissa`, clamped to ±100,000 (far outside any double).
        var exponent: Int
    }

    private static func decimal(_ b: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Decimal? {
        var i = start
        var negative = false
        if i < end, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0  // digits counted from the first non-zero one
        var digits = 0
        var fractionDigits = 0
        var seenDot = false
        while i < end {
            let byte = b[i]
            let digit = byte &- UInt8(ascii: "0")
            if digit < 10 {
                digits += 1
                if seenDot { fractionDigits += 1 }
                if significant > 0 || digit != 0 {
                    significant += 1
                    if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(digit) }
                }
            } else if byte == UInt8(ascii: "."), !seenDot {
                seenDot = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i < end {
            guard b[i] | 0x20 == UInt8(ascii: "e") else { return nil }
            i += 1
            var exponentNegative = false
            if i < end, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
                exponentNegative = b[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < end else { return nil }
            while i < end {
                let digit = b[i] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                if exponent < 100_000 { exponent = exponent * 10 + Int(digit) }
                i += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        return Decimal(
            negative: negative, mantissa: mantissa, significantDigits: significant,
            exponent: max(-100_000, min(100_000, exponent - fractionDigits)))
    }

    // MARK: Other lines

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
}
