/// A sorted set kept in process, in ZREVRANGE's order: score descending, then member
/// descending byte by byte (Redis compares members with memcmp). The lab holds every rank,
/// page and score Redis answers to it.
struct BoardModel<Member: Comparable & Hashable & Sendable>: Sendable {
    struct Entry: Equatable, Sendable {
        var score: Double
        var member: Member

        /// True when `self` comes first in ZREVRANGE.
        func precedes(_ other: Entry) -> Bool {
            score != other.score ? score > other.score : member > other.member
        }
    }

    private(set) var entries: [Entry]
    private var scores: [Member: Double]

    init(_ members: some Sequence<(Member, Double)>) {
        var scores: [Member: Double] = [:]
        for (member, score) in members { scores[member] = score }
        self.scores = scores
        entries = scores.map { Entry(score: $0.value, member: $0.key) }.sorted { $0.precedes($1) }
    }

    var count: Int { entries.count }

    func score(of member: Member) -> Double? { scores[member] }

    /// ZREVRANK: how many entries come before the member.
    func rank(of member: Member) -> Int? {
        guard let score = scores[member] else { return nil }
        return position(of: Entry(score: score, member: member))
    }

    /// ZREVRANGE start stop, both inclusive, clamped as Redis clamps them.
    func range(_ start: Int, _ stop: Int) -> ArraySlice<Entry> {
        let low = max(start, 0)
        let high = min(stop, entries.count - 1)
        return low <= high ? entries[low...high] : []
    }

    /// ZINCRBY: the member's new score. The entry moves only past the ones it now passes.
    @discardableResult
    mutating func increment(_ member: Member, by delta: Double) -> Double {
        let old = scores[member].map { Entry(score: $0, member: member) }
        let updated = Entry(score: (old?.score ?? 0) + delta, member: member)
        scores[member] = updated.score
        guard var index = old.map(position(of:)) else {
            entries.insert(updated, at: position(of: updated))
            return updated.score
        }
        while index > 0, updated.precedes(entries[index - 1]) {
            entries[index] = entries[index - 1]
            index -= 1
        }
        while index + 1 < entries.count, entries[index + 1].precedes(updated) {
            entries[index] = entries[index + 1]
            index += 1
        }
        entries[index] = updated
        return updated.score
    }

    /// Where the entry is, or would go: the number of entries that precede it.
    private func position(of entry: Entry) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].precedes(entry) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// A member as Redis orders it: by its bytes, unsigned (memcmp), shorter first on a tie.
struct MemberBytes: Comparable, Hashable, Sendable {
    var bytes: [UInt8]

    init(_ text: String) { bytes = Array(text.utf8) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    static func < (lhs: MemberBytes, rhs: MemberBytes) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
