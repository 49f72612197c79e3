/// Turns any `Encodable` report into a `ReportValue` tree, with field names in snake_case
/// (`backendQueries` → `backend_queries`) and in declaration order. A nil optional that the
/// report encodes explicitly (`encode(nil)`) becomes `null`; one it skips is left out.
public enum ReportEncoder {
    public static func encode(_ value: some Encodable) throws -> ReportValue {
        let node = Node()
        try value.encode(to: TreeEncoder(node: node, codingPath: []))
        return node.value
    }

    /// `camelCase` as `snake_case`, acronyms as one word (`withTTL` → `with_ttl`,
    /// `usedMemoryRSSBytes` → `used_memory_rss_bytes`); snake names pass unchanged.
    public static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if !previous.isUppercase || next?.isLowercase == true { result.append("_") }
            }
            result += character.lowercased()
        }
        return result
    }
}

/// One value being built; containers fill it in as they go.
private final class Node {
    enum Content {
        case empty
        case value(ReportValue)
        case object([(String, Node)])
        case array([Node])
    }

    var content: Content = .empty

    var value: ReportValue {
        switch content {
        case .empty: return .null
        case .value(let value): return value
        case .object(let fields): return .object(fields.map { ReportValue.Field($0.0, $0.1.value) })
        case .array(let items): return .array(items.map(\.value))
        }
    }

    // Both take the array out of `content` before appending: while the enum still holds it,
    // the append copies the whole array, and a report with a long timeline took minutes
    // (100,000 numbers: 135 s).
    func child(named name: String) -> Node {
        if case .object(var fields) = content {
            if let existing = fields.first(where: { $0.0 == name }) { return existing.1 }
            content = .empty
            let node = Node()
            fields.append((name, node))
            content = .object(fields)
            return node
        }
        let node = Node()
        content = .object([(name, node)])
        return node
    }

    func appended() -> Node {
        let node = Node()
        if case .array(var items) = content {
            content = .empty
            items.append(node)
            content = .array(items)
        } else {
            content = .array([node])
        }
        return node
    }
}

private struct TreeEncoder: Encoder {
    let node: Node
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .empty = node.content { node.content = .object([]) }
        return KeyedEncodingContainer(KeyedContainer(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .empty = node.content { node.content = .array([]) }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(node: node, codingPath: codingPath)
    }
}

/// Encodes one value into `node`: plain values directly, anything else through its own
/// `encode(to:)`.
private func store(_ value: some Encodable, in node: Node, codingPath: [any CodingKey]) throws {
    switch value {
    case let value as String: node.content = .value(.string(value))
    case let value as Bool: node.content = .value(.bool(value))
    case let value as Double: node.content = .value(.double(value))
    case let value as Float: node.content = .value(.double(Double(value)))
    case let value as Int: node.content = .value(.int(Int64(value)))
    case let value as Int64: node.content = .value(.int(value))
    case let value as Int32: node.content = .value(.int(Int64(value)))
    case let value as UInt64: node.content = .value(value <= UInt64(Int64.max) ? .int(Int64(value)) : .double(Double(value)))
    case let value as UInt32: node.content = .value(.int(Int64(value)))
    case let value as UInt: node.content = .value(.int(Int64(value)))
    default: try value.encode(to: TreeEncoder(node: node, codingPath: codingPath))
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey]

    private func child(_ key: Key) -> Node {
        node.child(named: ReportEncoder.snakeCase(key.stringValue))
    }

    mutating func encodeNil(forKey key: Key) throws {
        child(key).content = .value(.null)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try store(value, in: child(key), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<
        NestedKey
    > {
        let nested = child(key)
        nested.content = .object([])
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = child(key)
        nested.content = .array([])
        return UnkeyedContainer(node: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(node: node, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(node: child(key), codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]
    var count: Int {
        if case .array(let items) = node.content { return items.count }
        return 0
    }

    mutating func encodeNil() throws {
        node.appended().content = .value(.null)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try store(value, in: node.appended(), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = node.appended()
        nested.content = .object([])
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = node.appended()
        nested.content = .array([])
        return UnkeyedContainer(node: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(node: node.appended(), codingPath: codingPath)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        node.content = .value(.null)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try store(value, in: node, codingPath: codingPath)
    }
}
