import RESP

/// One reply of `SCAN cursor MATCH pattern`: the next cursor and the key names, as bytes
/// (key names may be binary). Nil for a reply of any other shape.
struct ScanPage {
    var cursor: String
    var keys: [[UInt8]]

    init?(_ reply: RESPValue) {
        guard let parts = reply.elements, parts.count == 2, let cursor = parts[0].string, let keys = parts[1].elements else {
            return nil
        }
        self.cursor = cursor
        self.keys = keys.compactMap { key in
            if case .bulkString(let bytes) = key { return bytes }
            return nil
        }
    }
}
