/// A JSON document as the REST protocol carries it: commands in request bodies, replies in
/// response bodies. Strings are kept as their UTF-8 bytes (they become Redis arguments, which
/// are bytes), and numbers as the text they were written with, so `10` reaches Redis as `10`
/// and `1.50` as `1.50`, never re-printed through a Double.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string([UInt8])
    case array([JSONValue])
    case object([JSONMember])

    /// The value of the first member called `key`, when this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        let wanted = Array(key.utf8)
        return members.first { $0.key == wanted }?.value
    }

    /// What kind of value this is, for error messages ("an object").
    public var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// One `"key": value` of an object, in the order written (a duplicate key is kept: the first wins).
public struct JSONMember: Sendable, Equatable {
    public var key: [UInt8]
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = Array(key.utf8)
        self.value = value
    }

    public init(key: [UInt8], value: JSONValue) {
        self.key = key
        self.value = value
    }
}
