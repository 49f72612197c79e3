import RESP

/// redis-cli's terminal display of client-side caching invalidations
/// (`cliFormatInvalidateTTY`): `-> invalidate: 'k1', 'k2'`, keys as their bytes.
enum PushFormat {
    /// The keys of a `>2 invalidate [keys…]` push, or nil for any other value.
    static func invalidatedKeys(_ value: RESPValue) -> [[UInt8]]? {
        guard case .push(let items) = value, items.count == 2,
            case .bulkString(let kind) = items[0], kind.starts(with: "invalidate".utf8),
            case .array(let keys) = items[1]
        else { return nil }
        var result: [[UInt8]] = []
        for key in keys {
            guard case .bulkString(let bytes) = key else { return nil }
            result.append(bytes.array)
        }
        return result
    }

    static func invalidateLine(_ keys: [[UInt8]]) -> [UInt8] {
        var out = Array("-> invalidate: ".utf8)
        for (offset, key) in keys.enumerated() {
            if offset > 0 { out.append(contentsOf: ", ".utf8) }
            out.append(UInt8(ascii: "'"))
            out.append(contentsOf: key)
            out.append(UInt8(ascii: "'"))
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }
}
