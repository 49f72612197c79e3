/// One key as the analysis saw it.
public struct KeyFacts: Sendable {
    public var name: [UInt8]
    public var type: String
    public var bytes: Int64
    /// PTTL: −1 without a TTL.
    public var ttlMs: Int64
    public var encoding: String
    /// Its length in its type's unit (STRLEN, LLEN, SCARD, HLEN, ZCARD, XLEN), when asked
    /// for (`KeyExtras.elements`); nil for a type without such a command (a module's).
    public var elements: Int64?
    /// OBJECT FREQ, when asked for (`KeyExtras.frequency`).
    public var frequency: Int64?

    public init(
        name: [UInt8], type: String, bytes: Int64, ttlMs: Int64, encoding: String, elements: Int64? = nil, frequency: Int64? = nil
    ) {
        self.name = name
        self.type = type
        self.bytes = bytes
        self.ttlMs = ttlMs
        self.encoding = encoding
        self.elements = elements
        self.frequency = frequency
    }
}

/// What a walk reads of each key beyond analyze's four facts: redis-cli's `--bigkeys`
/// counts elements, `--hotkeys` reads LFU counters.
public struct KeyExtras: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// STRLEN, LLEN, SCARD, HLEN, ZCARD or XLEN, by type.
    public static let elements = KeyExtras(rawValue: 1)
    /// OBJECT FREQ (an error unless the maxmemory policy is an LFU one).
    public static let frequency = KeyExtras(rawValue: 2)

    /// The size command of each type, for the elements extra.
    static let sizeCommands = ["string": "STRLEN", "list": "LLEN", "set": "SCARD", "hash": "HLEN", "zset": "ZCARD", "stream": "XLEN"]
}

/// Counts over keys, mergeable across connections.
public struct KeyspaceTally: Sendable {
    struct Group: Sendable {
        var keys = 0
        var bytes: Int64 = 0
        var withTTL = 0
        var example: [UInt8] = []
    }

    let top: Int
    public private(set) var keys = 0
    var bytes: Int64 = 0
    /// The key names' lengths summed (redis-cli's "total key length").
    public private(set) var nameBytes: Int64 = 0
    var byType: [String: Group] = [:]
    var byPattern: [[UInt8]: Group] = [:]
    var largest: [KeyFacts] = []
    var withoutTTL = Group()
    var encodings: [String: [String: Int]] = [:]
    /// Per type by elements, when the walk counts them.
    public private(set) var byElements: SizeRecords?
    /// Per type by MEMORY USAGE, always: the walk reads it for every key.
    public private(set) var byBytes = SizeRecords()
    /// The highest LFU counters, when the walk reads them.
    public private(set) var hottest: HotKeys?

    init(top: Int, extras: KeyExtras = []) {
        self.top = top
        if extras.contains(.elements) { byElements = SizeRecords() }
        if extras.contains(.frequency) { hottest = HotKeys() }
    }

    /// Larger first; equal sizes by name, so the list is the same however pages interleave.
    static func larger(_ a: KeyFacts, _ b: KeyFacts) -> Bool {
        a.bytes != b.bytes ? a.bytes > b.bytes : a.name.lexicographicallyPrecedes(b.name)
    }

    mutating func add(_ key: KeyFacts) {
        byElements?.add(key.type, name: key.name, size: key.elements ?? 0, keysBefore: keys)
        byBytes.add(key.type, name: key.name, size: key.bytes, keysBefore: keys)
        if let frequency = key.frequency { hottest?.add(key.name, counter: frequency, keysBefore: keys) }
        keys += 1
        bytes += key.bytes
        nameBytes += Int64(key.name.count)
        let hasTTL = key.ttlMs >= 0
        byType[key.type, default: Group()].note(key, hasTTL: hasTTL)
        byPattern[KeyPattern.of(key.name), default: Group()].note(key, hasTTL: hasTTL)
        if !hasTTL { withoutTTL.note(key, hasTTL: false) }
        encodings[key.type, default: [:]][key.encoding, default: 0] += 1
        if largest.count < top || largest.last.map({ Self.larger(key, $0) }) == true {
            let at = largest.firstIndex { Self.larger(key, $0) } ?? largest.count
            largest.insert(key, at: at)
            if largest.count > top { largest.removeLast() }
        }
    }

    /// `other`'s keys counted after this tally's: records and hot keys keep that order.
    mutating func merge(_ other: KeyspaceTally) {
        if let theirs = other.byElements { byElements?.merge(theirs, keysBefore: keys) }
        byBytes.merge(other.byBytes, keysBefore: keys)
        if let theirs = other.hottest { hottest?.merge(theirs, keysBefore: keys) }
        keys += other.keys
        bytes += other.bytes
        nameBytes += other.nameBytes
        for (name, group) in other.byType { byType[name, default: Group()].merge(group) }
        for (pattern, group) in other.byPattern { byPattern[pattern, default: Group()].merge(group) }
        withoutTTL.merge(other.withoutTTL)
        for (type, counts) in other.encodings {
            for (encoding, count) in counts { encodings[type, default: [:]][encoding, default: 0] += count }
        }
        largest = Array((largest + other.largest).sorted(by: Self.larger).prefix(top))
    }
}

extension KeyspaceTally.Group {
    mutating func note(_ key: KeyFacts, hasTTL: Bool) {
        keys += 1
        bytes += key.bytes
        if hasTTL { withTTL += 1 }
        if example.isEmpty { example = key.name }
    }

    mutating func merge(_ other: KeyspaceTally.Group) {
        keys += other.keys
        bytes += other.bytes
        withTTL += other.withTTL
        if example.isEmpty { example = other.example }
    }
}

/// A walk's outcome without the report around it (`AnalyzeLab.survey`).
public struct KeySurvey: Sendable {
    public var tally: KeyspaceTally
    /// DBSIZE, summed over the masters on a cluster.
    public var dbsize = 0
    /// How the keys were inspected (the last master's, on a cluster).
    public var method = AnalyzeLab.InspectionMethod.script
}
