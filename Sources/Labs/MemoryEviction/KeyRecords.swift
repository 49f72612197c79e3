/// Per type: how many keys, their sizes summed, the biggest, and each key that became its
/// type's biggest in the order the walk saw them — what redis-cli's `--bigkeys` (elements)
/// and `--memkeys` (bytes) print. As there, a key must be strictly bigger than the biggest
/// before it (the first of equals stays), and a size of 0 is never a biggest.
public struct SizeRecords: Sendable {
    public struct PerType: Sendable, Equatable {
        public var keys = 0
        public var total: Int64 = 0
        public var biggest: [UInt8] = []
        public var biggestSize: Int64 = 0

        public init() {}

        init(keys: Int, total: Int64, biggest: [UInt8], biggestSize: Int64) {
            (self.keys, self.total, self.biggest, self.biggestSize) = (keys, total, biggest, biggestSize)
        }
    }

    /// A key that was its type's biggest when it was seen, after `keysBefore` other keys.
    public struct Record: Sendable, Equatable {
        public var type: String
        public var name: [UInt8]
        public var size: Int64
        public var keysBefore: Int
    }

    public private(set) var types: [String: PerType] = [:]
    public private(set) var records: [Record] = []

    public init() {}

    mutating func add(_ type: String, name: [UInt8], size: Int64, keysBefore: Int) {
        var row = types[type, default: PerType()]
        row.keys += 1
        row.total += size
        if size > row.biggestSize {
            row.biggest = name
            row.biggestSize = size
            records.append(Record(type: type, name: name, size: size, keysBefore: keysBefore))
        }
        types[type] = row
    }

    /// `other`'s keys seen after these `keysBefore`: its records stand where they beat this
    /// tally's biggest (a key that beat everything before it in its own part and everything
    /// here is exactly a key that beat everything before it).
    mutating func merge(_ other: SizeRecords, keysBefore: Int) {
        for record in other.records where record.size > types[record.type]?.biggestSize ?? 0 {
            types[record.type, default: PerType()].biggestSize = record.size
            types[record.type, default: PerType()].biggest = record.name
            records.append(Record(type: record.type, name: record.name, size: record.size, keysBefore: keysBefore + record.keysBefore))
        }
        for (type, theirs) in other.types {
            types[type, default: PerType()].keys += theirs.keys
            types[type, default: PerType()].total += theirs.total
        }
    }
}

/// The keys with the highest LFU counters (OBJECT FREQ), as redis-cli's `--hotkeys` keeps
/// them: at most 16, a key entering only with a counter above 0 and, once 16 are held,
/// above the lowest held (an equal one does not displace an earlier key); each entry is
/// kept as a record in the order seen.
public struct HotKeys: Sendable {
    public static let capacity = 16

    public struct Entry: Sendable, Equatable {
        public var name: [UInt8]
        public var counter: Int64
        public var keysBefore: Int
    }

    /// Highest counter first; equal counters in the order seen.
    public private(set) var entries: [Entry] = []
    /// Every key that entered, in the order seen.
    public private(set) var records: [Entry] = []

    mutating func add(_ name: [UInt8], counter: Int64, keysBefore: Int) {
        add(Entry(name: name, counter: counter, keysBefore: keysBefore))
    }

    private mutating func add(_ entry: Entry) {
        guard entry.counter > 0, entries.count < Self.capacity || entry.counter > entries[entries.count - 1].counter else { return }
        let at = entries.firstIndex { $0.counter < entry.counter } ?? entries.count
        entries.insert(entry, at: at)
        if entries.count > Self.capacity { entries.removeLast() }
        records.append(entry)
    }

    /// `other`'s keys seen after these `keysBefore`: a key that entered its list and enters
    /// this one after what is here entered in the order seen (a key that never entered its
    /// own part's list could not enter the whole's).
    mutating func merge(_ other: HotKeys, keysBefore: Int) {
        for record in other.records {
            var shifted = record
            shifted.keysBefore += keysBefore
            add(shifted)
        }
    }
}
