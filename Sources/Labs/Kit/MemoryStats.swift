import RESP
import RedisClient

/// MEMORY STATS as numbers by dotted name: `dataset.bytes`, `keys.count`,
/// `db.0.overhead.hashtable.expires`. RESP2 sends it as a flat list of names and values,
/// RESP3 as a map; nested entries (the `db.N` ones) are flattened with a dot.
public struct MemoryStats: Sendable {
    public private(set) var numbers: [String: Double] = [:]

    public init(_ reply: RESPValue) {
        flatten(reply, prefix: "")
    }

    public static func fetch(from sender: some RedisCommandSender) async throws -> MemoryStats {
        MemoryStats(try await sender.call("MEMORY", "STATS"))
    }

    public subscript(name: String) -> Double? { numbers[name] }

    /// The bytes the expires tables of every database take: what keys' TTLs cost.
    public var expiresOverhead: Double {
        numbers.filter { $0.key.hasPrefix("db.") && $0.key.hasSuffix(".overhead.hashtable.expires") }.values.reduce(0, +)
    }

    /// Adds `other`'s numbers to these, name by name.
    mutating func add(_ other: MemoryStats) {
        numbers.merge(other.numbers, uniquingKeysWith: +)
    }

    private mutating func flatten(_ value: RESPValue, prefix: String) {
        let pairs: [(RESPValue, RESPValue)]
        switch value {
        case .map(let entries): pairs = entries.map { ($0.key, $0.value) }
        case .array(let items):
            pairs = stride(from: 0, to: items.count - 1, by: 2).map { (items[$0], items[$0 + 1]) }
        default: return
        }
        for (key, item) in pairs {
            guard let name = key.string else { continue }
            let path = prefix.isEmpty ? name : prefix + "." + name
            switch item {
            case .integer(let number): numbers[path] = Double(number)
            case .double(let number): numbers[path] = number
            case .map, .array: flatten(item, prefix: path)
            default: if let text = item.string, let number = Double(text) { numbers[path] = number }
            }
        }
    }
}
