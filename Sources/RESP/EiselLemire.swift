/// Correctly rounded decimal-to-double conversion for up to 19 significant digits, after
/// Eisel and Lemire ("Number Parsing at a Gigabyte per Second", 2021).
///
/// Why it is here: Redis sends doubles with 17 significant digits (`%.17g`), too many for
/// Clinger's fast path in `RESPLine.double`, and the standard library's parser wants a
/// `String` (an allocation per double), which made RESP3 replies with scores slower to decode
/// than the same data as RESP2 bulk strings.
///
/// The idea: `w × 10^q = w × 5^q × 2^q`. Multiply `w`, shifted so its top bit is set, by the
/// top 128 bits of `5^q` (also normalised); the top 54 bits of the 192-bit product are the
/// double's 53-bit significand and its rounding bit, and the exponent follows from `q` and the
/// shifts. The product is short of the exact one by less than two units of its lowest 64
/// bits, so the result is certain unless the product lies that close to a rounding tie; then
/// (about once in 2^73 random inputs, and for exact ties such as `9007199254740993`) `value`
/// returns nil and the caller asks the standard library.
enum EiselLemire {
    /// `5^q` for q in this range are tabled; beyond it a 19-digit `w` gives 0 or infinity,
    /// which the caller's fallback produces.
    static let smallestPower = -342
    static let largestPower = 308

    /// `(negative ? -1 : 1) × w × 10^q`, or nil when this method cannot be sure of the
    /// rounding or the result is subnormal, infinite or out of the table's range.
    static func value(_ w: UInt64, timesTenTo q: Int, negative: Bool) -> Double? {
        if w == 0 { return negative ? -0.0 : 0.0 }
        guard q >= smallestPower, q <= largestPower else { return nil }
        let power = fivePowers[q - smallestPower]
        let leadingZeros = w.leadingZeroBitCount
        let normalized = w << leadingZeros

        // Top 128 bits of normalized × power (a 192-bit product), short by less than 2 in `low`.
        var (high, low) = normalized.multipliedFullWidth(by: power.high)
        let (carryIn, _) = normalized.multipliedFullWidth(by: power.low)
        let (sum, overflow) = low.addingReportingOverflow(carryIn)
        low = sum
        if overflow { high &+= 1 }

        // high is in [2^62, 2^64): keep 54 bits, the significand and one bit to round with.
        let upperBit = Int(high >> 63)
        let shift = upperBit + 9
        let stickyMask: UInt64 = (1 << shift) - 1
        let roundBit = (high >> shift) & 1
        let sticky = high & stickyMask
        // Within two units of a tie the true product may lie on either side of it: give up.
        if roundBit == 1 && sticky == 0 && low < 2 { return nil }
        if roundBit == 0 && sticky == stickyMask && low >= UInt64.max - 1 { return nil }

        var significand = high >> shift  // in [2^53, 2^54)
        // floor(q × log2(10)) for |q| < 1,500, via 217,706 / 2^16 ≈ log2(10); biased by 1023.
        var biasedExponent = ((217_706 &* q) >> 16) + 63 + upperBit - leadingZeros + 1023
        significand = (significand + (significand & 1)) >> 1  // round half up (ties gave up)
        if significand == 1 << 53 {
            significand = 1 << 52
            biasedExponent += 1
        }
        guard biasedExponent > 0, biasedExponent < 0x7FF else { return nil }
        let bits = (negative ? 1 << 63 : 0) | UInt64(biasedExponent) << 52 | (significand & ((1 << 52) - 1))
        return Double(bitPattern: bits)
    }

    /// The top 128 bits of 5^q (q from `smallestPower` on), truncated, with the top bit set.
    /// Computed once, on first use, rather than kept as 1,302 literals: about 50 µs.
    static let fivePowers: [(high: UInt64, low: UInt64)] = {
        var table: [(high: UInt64, low: UInt64)] = []
        table.reserveCapacity(largestPower - smallestPower + 1)
        // Negative q: floor(2^1024 / 5^j) for j = 342 down to 1, by dividing by 5 again and
        // again (floor of floor is the floor of the whole), each truncated to its top 128 bits.
        var quotient = BigNatural.powerOfTwo(1024)
        var negatives: [(high: UInt64, low: UInt64)] = []
        for _ in 1...(-smallestPower) {
            quotient.divide(by: 5)
            negatives.append(quotient.top128)
        }
        table.append(contentsOf: negatives.reversed())
        // q ≥ 0: 5^q itself.
        var product = BigNatural.powerOfTwo(0)
        for _ in 0...largestPower {
            table.append(product.top128)
            product.multiply(by: 5)
        }
        return table
    }()
}

/// A natural number in 64-bit limbs, least significant first: just enough arithmetic to
/// build the table above.
private struct BigNatural {
    var limbs: [UInt64]

    static func powerOfTwo(_ exponent: Int) -> BigNatural {
        var limbs = [UInt64](repeating: 0, count: exponent / 64 + 1)
        limbs[exponent / 64] = 1 << UInt64(exponent % 64)
        return BigNatural(limbs: limbs)
    }

    mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for index in limbs.indices {
            let (high, low) = limbs[index].multipliedFullWidth(by: factor)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            limbs[index] = sum
            carry = high &+ (overflow ? 1 : 0)
        }
        if carry != 0 { limbs.append(carry) }
    }

    mutating func divide(by divisor: UInt64) {
        var remainder: UInt64 = 0
        for index in limbs.indices.reversed() {
            let (quotient, rest) = divisor.dividingFullWidth((high: remainder, low: limbs[index]))
            limbs[index] = quotient
            remainder = rest
        }
        while limbs.count > 1, limbs.last == 0 { limbs.removeLast() }
    }

    /// The top 128 bits, shifted so that the top bit is set (the number must be non-zero).
    var top128: (high: UInt64, low: UInt64) {
        let top = limbs.count - 1
        let zeros = limbs[top].leadingZeroBitCount
        let below = { (index: Int) -> UInt64 in index >= 0 ? self.limbs[index] : 0 }
        func shifted(_ index: Int) -> UInt64 {
            zeros == 0 ? below(index) : below(index) << UInt64(zeros) | below(index - 1) >> UInt64(64 - zeros)
        }
        return (shifted(top), shifted(top - 1))
    }
}
