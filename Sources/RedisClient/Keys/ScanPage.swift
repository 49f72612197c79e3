import RESP

/// One reply of `SCAN cursor MATCH pattern`: the next cursor and the key names, as bytes
/// (key names may be binary). Nil for a reply of any other shape.
public struct ScanPage: Sendable {
    public var cursor: String
    public var keys: [[UInt8]]

    public init?(_ reply: RESPValue) {
        guard let parts = reply.elements, parts.count == 2, let cursor = parts[0].string, let keys = parts[1].elements else {
            return nil
        }
        self.cursor = cursor
        self.keys = keys.compactMap { key in
            if case .bulkString(let bytes) = key { return bytes.array }
            return nil
        }
    }
}
