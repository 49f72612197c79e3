extension RESPValue {
    /// A reply that names its fields, read as a dictionary: a RESP3 map, or the flat
    /// `name, value, name, value` array RESP2 sends for one (CLUSTER SHARDS, MEMORY STATS,
    /// XINFO). Nil for anything else; with repeated names the last one wins.
    public var fieldsByName: [String: RESPValue]? {
        var fields: [String: RESPValue] = [:]
        switch withoutAttributes {
        case .map(let pairs):
            for pair in pairs {
                guard let name = pair.key.string else { return nil }
                fields[name] = pair.value
            }
        case .array(let items) where items.count % 2 == 0:
            for index in stride(from: 0, to: items.count, by: 2) {
                guard let name = items[index].string else { return nil }
                fields[name] = items[index + 1]
            }
        default:
            return nil
        }
        return fields
    }
}
