/// Incremental RESP2/RESP3 decoder.
///
/// `decode` looks at the bytes at the front of a buffer and returns one complete value with
/// the number of bytes it used, or nil when the value is not complete yet. On nil, call
/// again later with the same bytes plus whatever arrived since: the decoder remembers how far
/// it has already validated, so a large reply arriving in many small reads is scanned once
/// (linear time), not again from the start each time.
///
/// Work happens in two passes. The scan validates the frame element by element, keeping
/// only a stack of "elements still expected" per open aggregate; nothing is allocated for
/// what the input merely *declares*. Only once the frame is known complete does the build
/// pass create values, so memory stays bounded by the bytes actually received.
public struct RESPDecoder: Sendable {
    public var limits: RESPLimits

    /// Offset, within the frame at the front of the buffer, up to which it is validated.
    private var scanned = 0
    /// For each open aggregate of that frame, how many elements it still expects.
    private var open: [Int] = []

    public init(limits: RESPLimits = .default) {
        self.limits = limits
    }

    /// Forgets any partly scanned frame (after an error, or when the stream is replaced).
    public mutating func reset() {
        scanned = 0
        open.removeAll(keepingCapacity: true)
    }

    /// Decodes the value at the front of `bytes`, or returns nil when it is incomplete.
    public mutating func decode(
        _ bytes: UnsafeRawBufferPointer
    ) throws(RESPDecodingError) -> (value: RESPValue, consumed: Int)? {
        let end: Int
        do {
            guard let frameEnd = try scanFrame(bytes) else { return nil }
            end = frameEnd
        } catch {
            reset()
            throw error
        }
        var builder = Builder(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), limits: limits)
        let value = try builder.value(depth: 0)
        return (value, end)
    }

    /// Decodes the value at the front of `bytes`, or returns nil when it is incomplete.
    public mutating func decode(_ bytes: [UInt8]) throws(RESPDecodingError) -> (value: RESPValue, consumed: Int)? {
        // Bridging a typed throw out of a closure needs a Result.
        let result: Result<(value: RESPValue, consumed: Int)?, RESPDecodingError> = bytes.withUnsafeBytes { raw in
            do throws(RESPDecodingError) { return .success(try decode(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes every complete value in `bytes`; bytes after the last complete value are
    /// returned as `remainder`.
    public static func decodeAll(
        _ bytes: [UInt8], limits: RESPLimits = .default
    ) throws(RESPDecodingError) -> (values: [RESPValue], remainder: [UInt8]) {
        var decoder = RESPDecoder(limits: limits)
        // Decode from a view of the unread bytes: copying them for each value would make
        // this quadratic in the number of values.
        let result: Result<(values: [RESPValue], start: Int), RESPDecodingError> = bytes.withUnsafeBytes { raw in
            var values: [RESPValue] = []
            var start = 0
            do throws(RESPDecodingError) {
                while start < raw.count {
                    guard let (value, used) = try decoder.decode(UnsafeRawBufferPointer(rebasing: raw[start...])) else { break }
                    values.append(value)
                    start += used
                }
            } catch {
                return .failure(error)
            }
            return .success((values, start))
        }
        let (values, start) = try result.get()
        return (values, Array(bytes[start...]))
    }

    // MARK: - Scan pass

    private mutating func scanFrame(_ b: UnsafeRawBufferPointer) throws(RESPDecodingError) -> Int? {
        var p = scanned
        while true {
            guard p < b.count else {
                scanned = p
                return nil
            }
            let type = b[p]
            // Reject a stray byte at once rather than after waiting for a whole line.
            guard RESPType.isKnown(type) else { throw RESPDecodingError(.unknownType, at: p) }
            guard let cr = try RESPLine.end(b, lineStart: p, maxLength: limits.maxLineLength) else {
                scanned = p
                return nil
            }
            let body = p + 1
            var next = cr + 2
            switch type {
            case RESPType.simpleString, RESPType.simpleError:
                break
            case RESPType.integer:
                guard RESPLine.integer(b, body, cr) != nil else { throw RESPDecodingError(.invalidInteger, at: body) }
            case RESPType.null:
                guard cr == body else { throw RESPDecodingError(.invalidNull, at: body) }
            case RESPType.boolean:
                guard cr == body + 1, b[body] == UInt8(ascii: "t") || b[body] == UInt8(ascii: "f") else {
                    throw RESPDecodingError(.invalidBoolean, at: body)
                }
            case RESPType.double:
                guard RESPLine.double(b, body, cr) != nil else { throw RESPDecodingError(.invalidDouble, at: body) }
            case RESPType.bigNumber:
                guard RESPLine.isBigNumber(b, body, cr) else { throw RESPDecodingError(.invalidBigNumber, at: body) }
            case RESPType.bulkString, RESPType.bulkError, RESPType.verbatimString:
                let length = try bulkLength(b, type: type, body, cr)
                guard length >= 0 else { break }  // `$-1`
                // Compared this way round so that a huge custom maxBulkLength cannot overflow.
                guard length <= b.count - next - 2 else {
                    scanned = p
                    return nil
                }
                guard b[next + length] == RESPLine.cr, b[next + length + 1] == RESPLine.lf else {
                    throw RESPDecodingError(.missingCRLF, at: next + length)
                }
                if type == RESPType.verbatimString, b[next + 3] != UInt8(ascii: ":") {
                    throw RESPDecodingError(.invalidVerbatim, at: next)
                }
                next += length + 2
            case RESPType.array, RESPType.set, RESPType.push, RESPType.map, RESPType.attribute:
                let count = try aggregateElementCount(b, type: type, body, cr)
                if count > 0 {
                    guard open.count < limits.maxDepth else { throw RESPDecodingError(.nestingTooDeep, at: p) }
                    open.append(count)
                    p = next
                    continue
                }
            default:
                throw RESPDecodingError(.unknownType, at: p)
            }
            // One element is complete: count it against the aggregates it closes.
            p = next
            while let remaining = open.last {
                if remaining > 1 {
                    open[open.count - 1] = remaining - 1
                    break
                }
                open.removeLast()
            }
            if open.isEmpty {
                scanned = 0
                return p
            }
        }
    }

    /// Declared length of a bulk-shaped value; -1 only for `$-1`.
    private func bulkLength(
        _ b: UnsafeRawBufferPointer, type: UInt8, _ start: Int, _ end: Int
    ) throws(RESPDecodingError) -> Int {
        guard let length = RESPLine.integer(b, start, end) else { throw RESPDecodingError(.invalidLength, at: start) }
        if length == -1 && type == RESPType.bulkString { return -1 }
        guard length >= 0 else { throw RESPDecodingError(.invalidLength, at: start) }
        guard length <= limits.maxBulkLength else { throw RESPDecodingError(.bulkTooLong, at: start) }
        if type == RESPType.verbatimString && length < 4 { throw RESPDecodingError(.invalidVerbatim, at: start) }
        return Int(length)
    }

    /// Number of child elements an aggregate header declares (maps count keys and values;
    /// an attribute also counts the value it decorates). 0 for empty and `*-1`.
    private func aggregateElementCount(
        _ b: UnsafeRawBufferPointer, type: UInt8, _ start: Int, _ end: Int
    ) throws(RESPDecodingError) -> Int {
        guard let declared = RESPLine.integer(b, start, end) else { throw RESPDecodingError(.invalidLength, at: start) }
        if declared == -1 && type == RESPType.array { return 0 }
        guard declared >= 0 else { throw RESPDecodingError(.invalidLength, at: start) }
        let isPairs = type == RESPType.map || type == RESPType.attribute
        guard declared <= limits.maxAggregateLength / (isPairs ? 2 : 1) else {
            throw RESPDecodingError(.aggregateTooLong, at: start)
        }
        let count = Int(declared)
        switch type {
        case RESPType.map: return count * 2
        case RESPType.attribute: return count * 2 + 1
        default: return count
        }
    }
}

// MARK: - Build pass

/// Builds values from a frame the scan pass has validated. It still checks every bound
/// (and throws instead of trapping) so that a bug in the scan can never become a crash.
private struct Builder {
    let b: UnsafeRawBufferPointer
    let limits: RESPLimits
    var p = 0

    init(bytes: UnsafeRawBufferPointer, limits: RESPLimits) {
        self.b = bytes
        self.limits = limits
    }

    mutating func value(depth: Int) throws(RESPDecodingError) -> RESPValue {
        guard p < b.count else { throw RESPDecodingError(.missingCRLF, at: p) }
        guard depth <= limits.maxDepth else { throw RESPDecodingError(.nestingTooDeep, at: p) }
        let type = b[p]
        guard let cr = try RESPLine.end(b, lineStart: p, maxLength: limits.maxLineLength) else {
            throw RESPDecodingError(.missingCRLF, at: p)
        }
        let body = p + 1
        p = cr + 2
        switch type {
        case RESPType.simpleString:
            return .simpleString(RESPLine.text(b, body, cr))
        case RESPType.simpleError:
            return .simpleError(RESPLine.text(b, body, cr))
        case RESPType.integer:
            guard let value = RESPLine.integer(b, body, cr) else { throw RESPDecodingError(.invalidInteger, at: body) }
            return .integer(value)
        case RESPType.null:
            return .null
        case RESPType.boolean:
            return .boolean(b[body] == UInt8(ascii: "t"))
        case RESPType.double:
            guard let value = RESPLine.double(b, body, cr) else { throw RESPDecodingError(.invalidDouble, at: body) }
            return .double(value)
        case RESPType.bigNumber:
            return .bigNumber(RESPLine.text(b, body, cr))
        case RESPType.bulkString, RESPType.bulkError, RESPType.verbatimString:
            guard let length = RESPLine.integer(b, body, cr) else { throw RESPDecodingError(.invalidLength, at: body) }
            if length < 0 { return .null }
            let start = p
            guard length <= b.count - start - 2 else { throw RESPDecodingError(.missingCRLF, at: start) }
            let end = start + Int(length)
            p = end + 2
            if type == RESPType.bulkString { return .bulkString(RESPLine.bytes(b, start, end)) }
            if type == RESPType.bulkError { return .bulkError(RESPLine.bytes(b, start, end)) }
            guard length >= 4 else { throw RESPDecodingError(.invalidVerbatim, at: start) }
            return .verbatimString(format: RESPLine.text(b, start, start + 3), text: RESPLine.bytes(b, start + 4, end))
        case RESPType.array, RESPType.set, RESPType.push:
            guard let declared = RESPLine.integer(b, body, cr) else { throw RESPDecodingError(.invalidLength, at: body) }
            if declared < 0 { return .null }
            let items = try elements(Int(declared), depth: depth)
            switch type {
            case RESPType.set: return .set(items)
            case RESPType.push: return .push(items)
            default: return .array(items)
            }
        case RESPType.map, RESPType.attribute:
            guard let declared = RESPLine.integer(b, body, cr), declared >= 0 else {
                throw RESPDecodingError(.invalidLength, at: body)
            }
            let pairs = try self.pairs(Int(declared), depth: depth)
            if type == RESPType.map { return .map(pairs) }
            return .attribute(pairs, value: try value(depth: depth + 1))
        default:
            throw RESPDecodingError(.unknownType, at: body - 1)
        }
    }

    private mutating func elements(_ count: Int, depth: Int) throws(RESPDecodingError) -> [RESPValue] {
        var items: [RESPValue] = []
        // Every element takes at least three bytes: never reserve more than the input holds.
        items.reserveCapacity(min(count, (b.count - p) / 3))
        for _ in 0..<count { items.append(try value(depth: depth + 1)) }
        return items
    }

    private mutating func pairs(_ count: Int, depth: Int) throws(RESPDecodingError) -> [RESPPair] {
        var pairs: [RESPPair] = []
        pairs.reserveCapacity(min(count, (b.count - p) / 6))
        for _ in 0..<count {
            let key = try value(depth: depth + 1)
            pairs.append(RESPPair(key, try value(depth: depth + 1)))
        }
        return pairs
    }
}
