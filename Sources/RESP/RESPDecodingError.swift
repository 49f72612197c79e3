/// Bytes that are not valid RESP, or that exceed the decoder's limits.
///
/// `offset` is the byte position, from the start of the reply being decoded, where the
/// problem was found.
public struct RESPDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case unknownType = "unknown type byte"
        case invalidInteger = "invalid integer"
        case invalidLength = "invalid length"
        case invalidDouble = "invalid double"
        case invalidBoolean = "invalid boolean"
        case invalidBigNumber = "invalid big number"
        case invalidVerbatim = "invalid verbatim string"
        case invalidNull = "invalid null"
        case missingCRLF = "missing CRLF"
        case lineTooLong = "line too long"
        case bulkTooLong = "bulk string longer than the limit"
        case aggregateTooLong = "aggregate longer than the limit"
        case nestingTooDeep = "nesting deeper than the limit"
    }

    public var kind: Kind
    public var offset: Int

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var description: String { "malformed reply: \(kind.rawValue) at byte \(offset)" }
}

/// Bounds the decoder enforces so that no input can make it allocate without limit.
public struct RESPLimits: Sendable, Hashable {
    /// Longest bulk string, bulk error or verbatim string (Redis's own `proto-max-bulk-len`);
    /// 4 GiB - 1 at most, whatever is set.
    public var maxBulkLength: Int
    /// Most elements an array, set or push may declare (maps and attributes: pairs × 2).
    public var maxAggregateLength: Int
    /// Deepest nesting of aggregates.
    public var maxDepth: Int
    /// Longest header or simple line (simple strings, errors, numbers).
    public var maxLineLength: Int

    public init(
        maxBulkLength: Int = 512 * 1024 * 1024,
        maxAggregateLength: Int = 1 << 32,
        maxDepth: Int = 128,
        maxLineLength: Int = 64 * 1024
    ) {
        self.maxBulkLength = maxBulkLength
        self.maxAggregateLength = maxAggregateLength
        self.maxDepth = maxDepth
        self.maxLineLength = maxLineLength
    }

    public static let `default` = RESPLimits()
}
