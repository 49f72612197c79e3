/// Results keyed by name, encoded as one object whose fields keep the order they were
/// added in (`strategies.lock…` after `strategies.naive…`). A dictionary would print in hash
/// order and break byte-identical reports.
public struct NamedResults<Value: Encodable & Sendable>: Encodable, Sendable {
    public private(set) var entries: [(name: String, value: Value)] = []

    public init() {}

    public mutating func set(_ name: String, _ value: Value) {
        if let index = entries.firstIndex(where: { $0.name == name }) {
            entries[index].value = value
        } else {
            entries.append((name, value))
        }
    }

    public subscript(name: String) -> Value? {
        entries.first { $0.name == name }?.value
    }

    public var values: [Value] { entries.map(\.value) }
    public var isEmpty: Bool { entries.isEmpty }

    private struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Name.self)
        for (name, value) in entries { try container.encode(value, forKey: Name(stringValue: name)) }
    }
}
