import Synchronization

/// Which messages kill the consumer that receives them, and where: chosen from the seed by
/// message id, so every design meets the same crashes whatever consumer a message reaches.
/// A message crashes a consumer on its first delivery only: its redelivery is processed.
final class CrashPlan: Sendable {
    /// The chosen ids, in the order drawn, each with its crash point.
    let crashes: [(id: Int, point: CrashPoint)]
    private let pending: Mutex<[Int: CrashPoint]>

    init(messages: Int, kills: Int, point: CrashPoint, generator: SeededGenerator) {
        var generator = generator
        // A partial Fisher–Yates shuffle of 1…messages: `kills` distinct ids.
        var ids = Array(1...max(1, messages))
        var chosen: [(id: Int, point: CrashPoint)] = []
        for index in 0..<min(kills, ids.count) {
            let pick = index + generator.index(below: ids.count - index)
            ids.swapAt(index, pick)
            let at: CrashPoint = point == .both ? (index % 2 == 0 ? .received : .processed) : point
            chosen.append((ids[index], at))
        }
        crashes = chosen
        pending = Mutex(Dictionary(uniqueKeysWithValues: chosen.map { ($0.id, $0.point) }))
    }

    /// The crash this delivery of `id` causes, if any; consumed, so the next delivery of the
    /// same id goes through.
    func claim(_ id: Int) -> CrashPoint? {
        pending.withLock { $0.removeValue(forKey: id) }
    }

    var beforeWork: Int { crashes.filter { $0.point == .received }.count }
    var afterWork: Int { crashes.filter { $0.point == .processed }.count }
}

/// The consumers' record of what they processed: message id → times its work was done.
/// Held against the producer's ids 1…messages, it gives the lost and the duplicated.
final class MessageLedger: Sendable {
    private let counts = Mutex<[Int: Int]>([:])

    func processed(_ id: Int) {
        counts.withLock { $0[id, default: 0] += 1 }
    }

    /// Distinct ids processed, and extra times beyond the first, summed.
    var tally: (distinct: Int, duplicates: Int) {
        counts.withLock { counts in (counts.count, counts.values.reduce(0) { $0 + max(0, $1 - 1) }) }
    }

    /// Ids of 1…messages processed at least once.
    func processedAmong(_ messages: Int) -> Int {
        counts.withLock { counts in counts.keys.filter { (1...max(1, messages)).contains($0) }.count }
    }
}
