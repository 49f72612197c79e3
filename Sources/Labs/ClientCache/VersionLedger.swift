import Synchronization

/// The writer's record of what Redis acknowledged and when: for each key, its versions in
/// order with the time the SET's reply arrived. A reader's local hit is stale when it
/// returns a version older than the latest one acknowledged when the read began.
final class VersionLedger: Sendable {
    private struct Ack {
        var version: Int
        var at: Duration
    }

    private let acks: Mutex<[[Ack]]>

    /// Every key starts at version 1, acknowledged at `start` (the setup's MSET).
    init(keys: Int, start: Duration) {
        acks = Mutex(Array(repeating: [Ack(version: 1, at: start)], count: keys))
    }

    func record(key: Int, version: Int, at time: Duration) {
        acks.withLock { $0[key].append(Ack(version: version, at: time)) }
    }

    /// The newest version of `key` acknowledged so far.
    func latest(_ key: Int) -> Int {
        acks.withLock { $0[key].last?.version ?? 0 }
    }

    /// When the first version newer than `version` was acknowledged: the moment a copy of
    /// `version` became stale. Nil while none is.
    func staleSince(_ key: Int, version: Int) -> Duration? {
        acks.withLock { $0[key].first { $0.version > version }?.at }
    }
}
