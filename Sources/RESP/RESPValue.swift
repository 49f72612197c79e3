/// One reply (or pushed message) in RESP2 or RESP3.
///
/// Payloads that may be binary stay as bytes; text that the protocol defines as a line
/// (simple strings, simple errors, big numbers) is kept as `String`.
public enum RESPValue: Sendable, Hashable {
    /// `+OK`
    case simpleString(String)
    /// `-ERR …`, kept byte for byte as the server sent it (without the leading `-`).
    case simpleError(String)
    /// `:1`
    case integer(Int64)
    /// `$3 foo`
    case bulkString(RESPBytes)
    /// `$-1`, `*-1` and RESP3 `_`: redis-cli prints all three as `(nil)`.
    case null
    /// `*2 …`
    case array([RESPValue])
    /// RESP3 `#t` / `#f`
    case boolean(Bool)
    /// RESP3 `,1.5`, including `inf`, `-inf` and `nan`.
    case double(Double)
    /// RESP3 `(3492890328409238509324850943850943825024385`, digits kept as text.
    case bigNumber(String)
    /// RESP3 `!21 SYNTAX invalid syntax`
    case bulkError(RESPBytes)
    /// RESP3 `=15 txt:Some string`; `format` is the three-letter type (`txt`, `mkd`).
    /// Boxed (`indirect`): the largest payload of the rarest case would otherwise set the
    /// size of every value.
    indirect case verbatimString(format: String, text: RESPBytes)
    /// RESP3 `%2 …`, order preserved as the server sent it.
    case map([RESPPair])
    /// RESP3 `~2 …`
    case set([RESPValue])
    /// RESP3 `|1 …`: attributes that came before `value`.
    indirect case attribute([RESPPair], value: RESPValue)
    /// RESP3 `>3 …`: out-of-band data (pub/sub messages, invalidations).
    case push([RESPValue])
}

/// A key and value of a RESP3 map or attribute.
public struct RESPPair: Sendable, Hashable {
    public var key: RESPValue
    public var value: RESPValue

    public init(_ key: RESPValue, _ value: RESPValue) {
        self.key = key
        self.value = value
    }
}

extension RESPValue {
    /// A bulk string from text.
    public static func bulk(_ text: String) -> RESPValue { .bulkString(RESPBytes(Array(text.utf8))) }

    /// A bulk string from bytes.
    public static func bulk(_ bytes: [UInt8]) -> RESPValue { .bulkString(RESPBytes(bytes)) }

    /// True for simple and bulk errors.
    public var isError: Bool {
        switch self {
        case .simpleError, .bulkError: return true
        case .attribute(_, let value): return value.isError
        default: return false
        }
    }

    /// The error text of a simple or bulk error, else nil.
    public var errorMessage: String? {
        switch self {
        case .simpleError(let message): return message
        case .bulkError(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .attribute(_, let value): return value.errorMessage
        default: return nil
        }
    }

    /// The value without any attributes wrapped around it.
    public var withoutAttributes: RESPValue {
        if case .attribute(_, let value) = self { return value.withoutAttributes }
        return self
    }

    /// Text of a string-like reply (simple, bulk or verbatim string), else nil.
    public var string: String? {
        switch self {
        case .simpleString(let text): return text
        case .bulkString(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .verbatimString(_, let text): return String(decoding: text, as: UTF8.self)
        case .attribute(_, let value): return value.string
        default: return nil
        }
    }

    /// An integer reply, or a string reply that holds a decimal integer.
    public var int: Int64? {
        switch self {
        case .integer(let value): return value
        case .attribute(_, let value): return value.int
        default: return string.flatMap { Int64($0) }
        }
    }

    /// Elements of an array, set or push.
    public var elements: [RESPValue]? {
        switch self {
        case .array(let items), .set(let items), .push(let items): return items
        case .attribute(_, let value): return value.elements
        default: return nil
        }
    }

    /// The short name of the reply's type, as `.expect-type` and error messages use it.
    public var typeName: String {
        switch self {
        case .simpleString, .bulkString, .verbatimString: return "string"
        case .simpleError, .bulkError: return "error"
        case .integer: return "integer"
        case .null: return "nil"
        case .array: return "array"
        case .boolean: return "boolean"
        case .double: return "double"
        case .bigNumber: return "bignumber"
        case .map: return "map"
        case .set: return "set"
        case .push: return "push"
        case .attribute(_, let value): return value.typeName
        }
    }
}
