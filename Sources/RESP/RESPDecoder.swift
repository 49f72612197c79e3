/// Incremental RESP2/RESP3 decoder.
///
/// `decode` looks at the bytes at the front of a buffer and returns one complete value with
/// the number of bytes it used, or nil when the value is not complete yet. On nil, call
/// again later with the same bytes plus whatever arrived since: the decoder remembers how far
/// it has already validated, so a large reply arriving in many small reads is scanned once
/// (linear time), not again from the start each time.
///
/// A reply that is already complete when `decode` first sees it (the usual case) is
/// validated and built in one pass. Otherwise that pass stops where the bytes end and hands
/// over to the scan: it validates the rest of the frame element by element as bytes arrive,
/// keeping only a stack of "elements still expected" per open aggregate, so nothing is
/// allocated for what the input merely *declares*. Once the scan has seen the whole frame,
/// the build pass creates the values. Either way memory stays bounded by the bytes
/// actually received, and both passes apply the same checks through `Element.parse`.
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

    /// Decodes the value that starts at `start` in `buffer`, or returns nil when it is
    /// incomplete. Bulk payloads are views of `buffer` (see `RESPBytes`), not copies.
    public mutating func decode(
        _ buffer: [UInt8], from start: Int = 0
    ) throws(RESPDecodingError) -> (value: RESPValue, consumed: Int)? {
        // The closure cannot throw a typed error, so the error comes out beside it.
        var failure: RESPDecodingError?
        let decoded = buffer.withUnsafeBytes { raw -> (value: RESPValue, consumed: Int)? in
            do throws(RESPDecodingError) {
                return try decode(UnsafeRawBufferPointer(rebasing: raw[start...]), owner: buffer, at: start)
            } catch {
                failure = error
                return nil
            }
        }
        if let failure { throw failure }
        return decoded
    }

    /// `owner`: the array `bytes` views, and `base`, where in it `bytes` starts.
    private mutating func decode(
        _ bytes: UnsafeRawBufferPointer, owner: [UInt8], at base: Int
    ) throws(RESPDecodingError) -> (value: RESPValue, consumed: Int)? {
        do throws(RESPDecodingError) {
            if scanned == 0 && open.isEmpty {
                // A new frame: validate and build in one pass.
                var builder = Builder(bytes: bytes, base: base, limits: limits)
                if let value = try builder.value(depth: 0, owner: owner) { return (value, builder.p) }
                // Incomplete: drop what was built, but keep how far the frame is validated
                // so that later calls resume the scan there.
                scanned = builder.incompleteAt
                open.append(contentsOf: builder.unwound.reversed())
                return nil
            }
            // Part of this frame was seen before: scan on from there, build once it is whole.
            guard let end = try scanFrame(bytes) else { return nil }
            var builder = Builder(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), base: base, limits: limits)
            guard let value = try builder.value(depth: 0, owner: owner), builder.p == end else {
                throw RESPDecodingError(.missingCRLF, at: builder.incompleteAt)  // unreachable: the scan saw it whole
            }
            return (value, end)
        } catch {
            reset()
            throw error
        }
    }

    /// Validates the value that starts at `start` in `buffer` without building it (for a
    /// caller that only counts replies): its length once it is complete, nil while it is
    /// not. Calls may alternate with `decode` on the same stream.
    public mutating func skip(_ buffer: [UInt8], from start: Int = 0) throws(RESPDecodingError) -> Int? {
        var failure: RESPDecodingError?
        let end = buffer.withUnsafeBytes { raw -> Int? in
            do throws(RESPDecodingError) {
                return try scanFrame(UnsafeRawBufferPointer(rebasing: raw[start...]))
            } catch {
                failure = error
                return nil
            }
        }
        if let failure {
            reset()
            throw failure
        }
        return end
    }

    /// Decodes every complete value in `bytes`; bytes after the last complete value are
    /// returned as `remainder`.
    public static func decodeAll(
        _ bytes: [UInt8], limits: RESPLimits = .default
    ) throws(RESPDecodingError) -> (values: [RESPValue], remainder: [UInt8]) {
        var decoder = RESPDecoder(limits: limits)
        var values: [RESPValue] = []
        var start = 0
        while start < bytes.count {
            guard let (value, used) = try decoder.decode(bytes, from: start) else { break }
            values.append(value)
            start += used
        }
        return (values, Array(bytes[start...]))
    }

    // MARK: - Scan pass

    /// Validates the frame from `scanned` on; returns its end once it is complete.
    private mutating func scanFrame(_ b: UnsafeRawBufferPointer) throws(RESPDecodingError) -> Int? {
        var p = scanned
        while true {
            guard let element = try Element.parse(b, at: p, limits: limits) else {
                scanned = p
                return nil
            }
            if case .aggregate(_, _, let count, let next) = element, count > 0 {
                guard open.count < limits.maxDepth else { throw RESPDecodingError(.nestingTooDeep, at: p) }
                open.append(count)
                p = next
                continue
            }
            // One element is complete: count it against the aggregates it closes.
            p = element.next
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
}

// MARK: - One element

/// One element's header (and, for bulk types, its payload), validated.
private enum Element {
    /// A line of the given type: simple string or error, null, boolean, big number.
    case line(type: UInt8, body: Int, cr: Int)
    case integer(Int64, next: Int)
    case double(Double, next: Int)
    /// A bulk string, bulk error or verbatim string; `length` is -1 only for `$-1`.
    case bulk(type: UInt8, payload: Int, length: Int, next: Int)
    /// An aggregate header. `declared` as sent (-1 only for `*-1`); `count` is the number of
    /// child elements that follow (keys and values for maps; attributes also count the value
    /// they decorate), 0 for `*-1`.
    case aggregate(type: UInt8, declared: Int, count: Int, next: Int)

    /// Offset just past the element (for aggregates: past the header).
    var next: Int {
        switch self {
        case .line(_, _, let cr): return cr + 2
        case .integer(_, let next), .double(_, let next), .bulk(_, _, _, let next), .aggregate(_, _, _, let next):
            return next
        }
    }

    /// The element that starts at `p`, nil when its bytes have not all arrived, or the error
    /// that makes it malformed. The only place that decides what is valid.
    @inline(__always)
    static func parse(
        _ b: UnsafeRawBufferPointer, at p: Int, limits: RESPLimits
    ) throws(RESPDecodingError) -> Element? {
        guard p < b.count else { return nil }
        let type = b[p]
        switch type {
        case RESPType.integer:
            guard let (value, cr) = try RESPLine.integerLine(b, lineStart: p, maxLength: limits.maxLineLength, invalid: .invalidInteger)
            else { return nil }
            return .integer(value, next: cr + 2)

        case RESPType.bulkString, RESPType.bulkError, RESPType.verbatimString:
            guard let (declared, cr) = try RESPLine.integerLine(b, lineStart: p, maxLength: limits.maxLineLength, invalid: .invalidLength)
            else { return nil }
            let payload = cr + 2
            if declared == -1 && type == RESPType.bulkString { return .bulk(type: type, payload: payload, length: -1, next: payload) }
            guard declared >= 0 else { throw RESPDecodingError(.invalidLength, at: p + 1) }
            // 4 GiB - 1 at most, whatever the limit says: `RESPBytes` counts in 32 bits.
            guard declared <= limits.maxBulkLength, declared <= UInt32.max, let length = Int(exactly: declared) else {
                throw RESPDecodingError(.bulkTooLong, at: p + 1)
            }
            if type == RESPType.verbatimString && length < 4 { throw RESPDecodingError(.invalidVerbatim, at: p + 1) }
            // Compared this way round so that a huge custom maxBulkLength cannot overflow.
            guard length <= b.count - payload - 2 else { return nil }
            guard b[payload + length] == RESPLine.cr, b[payload + length + 1] == RESPLine.lf else {
                throw RESPDecodingError(.missingCRLF, at: payload + length)
            }
            if type == RESPType.verbatimString, b[payload + 3] != UInt8(ascii: ":") {
                throw RESPDecodingError(.invalidVerbatim, at: payload)
            }
            return .bulk(type: type, payload: payload, length: length, next: payload + length + 2)

        case RESPType.array, RESPType.set, RESPType.push, RESPType.map, RESPType.attribute:
            guard let (declared, cr) = try RESPLine.integerLine(b, lineStart: p, maxLength: limits.maxLineLength, invalid: .invalidLength)
            else { return nil }
            if declared == -1 && type == RESPType.array { return .aggregate(type: type, declared: -1, count: 0, next: cr + 2) }
            guard declared >= 0 else { throw RESPDecodingError(.invalidLength, at: p + 1) }
            let isPairs = type == RESPType.map || type == RESPType.attribute
            guard declared <= limits.maxAggregateLength / (isPairs ? 2 : 1), let declared = Int(exactly: declared) else {
                throw RESPDecodingError(.aggregateTooLong, at: p + 1)
            }
            let count =
                type == RESPType.map ? declared * 2 : type == RESPType.attribute ? declared * 2 + 1 : declared
            return .aggregate(type: type, declared: declared, count: count, next: cr + 2)

        case RESPType.simpleString, RESPType.simpleError, RESPType.null, RESPType.boolean, RESPType.double,
            RESPType.bigNumber:
            guard let cr = try RESPLine.end(b, lineStart: p, maxLength: limits.maxLineLength) else { return nil }
            let body = p + 1
            switch type {
            case RESPType.null:
                guard cr == body else { throw RESPDecodingError(.invalidNull, at: body) }
            case RESPType.boolean:
                guard cr == body + 1, b[body] == UInt8(ascii: "t") || b[body] == UInt8(ascii: "f") else {
                    throw RESPDecodingError(.invalidBoolean, at: body)
                }
            case RESPType.double:
                // Read once here, so the build pass need not parse it again.
                guard let value = RESPLine.double(b, body, cr) else { throw RESPDecodingError(.invalidDouble, at: body) }
                return .double(value, next: cr + 2)
            case RESPType.bigNumber:
                guard RESPLine.isBigNumber(b, body, cr) else { throw RESPDecodingError(.invalidBigNumber, at: body) }
            default:
                break  // simple strings and errors: any bytes but CR and LF
            }
            return .line(type: type, body: body, cr: cr)

        default:
            // Rejected at once rather than after waiting for a whole line.
            throw RESPDecodingError(.unknownType, at: p)
        }
    }
}

// MARK: - Build pass

/// Validates and builds values from the front of `b`. Returns nil when the bytes end before
/// the value does, leaving in `incompleteAt` and `unwound` the state the scan resumes from.
///
/// Payloads become views of `owner`, the array `b` views (from `base` on). The owner is passed
/// down the calls rather than stored: a stored copy cost a retain and a release per reply,
/// which was a tenth of decoding a short bulk string.
private struct Builder {
    let b: UnsafeRawBufferPointer
    let base: Int
    let limits: RESPLimits
    var p = 0
    /// Where the element that was cut short starts.
    var incompleteAt = 0
    /// Elements still expected by each open aggregate, innermost first.
    var unwound: [Int] = []
    /// Element slots that may still be reserved ahead. Every element takes at least three
    /// bytes, so a complete frame never declares more than this in all; an incomplete one
    /// may (nested `*1000000000` headers), and must not make each level reserve that much.
    private var reserveBudget: Int

    init(bytes: UnsafeRawBufferPointer, base: Int, limits: RESPLimits) {
        self.b = bytes
        self.base = base
        self.limits = limits
        self.reserveBudget = bytes.count / 3
    }

    /// How many of `wanted` items (each `elements` elements of at least three bytes) to
    /// reserve room for: no more than the rest of the input or the budget can hold.
    @inline(__always)
    private mutating func reservation(_ wanted: Int, elements: Int) -> Int {
        let granted = min(wanted, (b.count - p) / (3 * elements), reserveBudget / elements)
        reserveBudget -= granted * elements
        return granted
    }

    /// The payload in `start..<end`, as a view of the owner.
    @inline(__always)
    private func bytes(_ start: Int, _ end: Int, of owner: [UInt8]) -> RESPBytes {
        RESPBytes(viewing: owner, base + start..<base + end)
    }

    /// The value at `p` (inside `depth` aggregates), or nil when it is incomplete.
    mutating func value(depth: Int, owner: [UInt8]) throws(RESPDecodingError) -> RESPValue? {
        try child(depth: depth, owner: owner)
    }

    /// `value(depth:)` for use inside the loops below: scalars are built in place, only
    /// aggregates recurse.
    @inline(__always)
    private mutating func child(depth: Int, owner: [UInt8]) throws(RESPDecodingError) -> RESPValue? {
        guard let element = try Element.parse(b, at: p, limits: limits) else {
            incompleteAt = p
            return nil
        }
        switch element {
        case .integer(let value, let next):
            p = next
            return .integer(value)

        case .double(let value, let next):
            p = next
            return .double(value)

        case .bulk(let type, let payload, let length, let next):
            p = next
            if length < 0 { return .null }
            let end = payload + length
            if type == RESPType.bulkString { return .bulkString(bytes(payload, end, of: owner)) }
            if type == RESPType.bulkError { return .bulkError(bytes(payload, end, of: owner)) }
            return .verbatimString(format: RESPLine.text(b, payload, payload + 3), text: bytes(payload + 4, end, of: owner))

        case .line(let type, let body, let cr):
            p = cr + 2
            switch type {
            case RESPType.simpleString: return .simpleString(RESPLine.text(b, body, cr))
            case RESPType.simpleError: return .simpleError(RESPLine.text(b, body, cr))
            case RESPType.null: return .null
            case RESPType.boolean: return .boolean(b[body] == UInt8(ascii: "t"))
            default: return .bigNumber(RESPLine.text(b, body, cr))
            }

        case .aggregate(let type, let declared, let count, let next):
            return try aggregate(type: type, declared: declared, count: count, next: next, depth: depth, owner: owner)
        }
    }

    private mutating func aggregate(
        type: UInt8, declared: Int, count: Int, next: Int, depth: Int, owner: [UInt8]
    ) throws(RESPDecodingError) -> RESPValue? {
        if count > 0 {
            guard depth < limits.maxDepth else { throw RESPDecodingError(.nestingTooDeep, at: p) }
        }
        p = next
        switch type {
        case RESPType.map, RESPType.attribute:
            var pairs: [RESPPair] = []
            pairs.reserveCapacity(reservation(declared, elements: 2))
            for index in 0..<declared {
                guard let key = try child(depth: depth + 1, owner: owner) else { return stop(remaining: count - 2 * index) }
                guard let item = try child(depth: depth + 1, owner: owner) else { return stop(remaining: count - 2 * index - 1) }
                pairs.append(RESPPair(key, item))
            }
            if type == RESPType.map { return .map(pairs) }
            guard let decorated = try child(depth: depth + 1, owner: owner) else { return stop(remaining: 1) }
            return .attribute(pairs, value: decorated)
        default:
            if declared < 0 { return .null }
            var items: [RESPValue] = []
            items.reserveCapacity(reservation(count, elements: 1))
            for index in 0..<count {
                guard let item = try child(depth: depth + 1, owner: owner) else { return stop(remaining: count - index) }
                items.append(item)
            }
            switch type {
            case RESPType.set: return .set(items)
            case RESPType.push: return .push(items)
            default: return .array(items)
            }
        }
    }

    /// Records, while unwinding from an incomplete element, how many elements this aggregate
    /// still expects (the incomplete one included).
    private mutating func stop(remaining: Int) -> RESPValue? {
        unwound.append(remaining)
        return nil
    }
}
