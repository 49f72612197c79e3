/// One key specification of a command, as `COMMAND INFO` gives it since Redis 7: where the
/// search for keys begins, and how the keys are found from there. `CommandKeys` applies
/// them to a command's arguments the way the server does (`getKeysUsingKeySpecs` in db.c).
public struct KeySpec: Sendable, Equatable {
    public enum BeginSearch: Sendable, Equatable {
        /// Keys start at this argument (0 is the command name).
        case index(Int)
        /// Keys start after this keyword, searched from `startFrom` (negative: from the
        /// end, backwards), e.g. XREAD's `STREAMS`.
        case keyword(String, startFrom: Int)
        /// The server cannot say either (a module's command): no key positions are known.
        case unknown
    }

    public enum FindKeys: Sendable, Equatable {
        /// `lastKey` relative to the beginning (negative: from the end; with `limit` > 0,
        /// the remaining arguments divided by `limit`, as XREAD's keys and IDs).
        case range(lastKey: Int, step: Int, limit: Int)
        /// A count of keys at `index`, the first key at `firstKey` (both relative to the
        /// beginning): EVAL, ZUNIONSTORE, LMPOP.
        case keyNumber(index: Int, firstKey: Int, step: Int)
        case unknown
    }

    public let begin: BeginSearch
    public let find: FindKeys
    /// `RO`, `RW`, `OW`, `RM`, `access`, `insert`, `incomplete`, …
    public let flags: [String]

    public init(begin: BeginSearch, find: FindKeys, flags: [String] = []) {
        self.begin = begin
        self.find = find
        self.flags = flags
    }
}
