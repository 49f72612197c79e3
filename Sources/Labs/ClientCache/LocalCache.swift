import RESP
import RedisClient
import Synchronization

/// One reader's in-process cache: key index → version, with what it counts about itself.
/// Invalidation pushes arrive on the connection's I/O thread while the reader's task looks
/// values up, so all of it sits behind one lock.
///
/// The race every tracking client must handle: a GET's reply can be taken in after the
/// invalidation of its key was (the push is handled on the I/O thread as it arrives, the
/// reply when the reader's task resumes). Storing that reply would keep an old value that
/// nothing will ever invalidate again, since the server forgets a key once it has sent its
/// invalidation. So the key is marked in flight before the GET, an invalidation meanwhile
/// flags it, and a flagged reply is used once and not stored.
final class LocalCache: Sendable {
    private struct Entry {
        var version: Int
        /// For the TTL variant: when the copy expires.
        var expiresAt: Duration?
        /// It has served a stale read: when it goes, its staleness window is measured.
        var servedStale = false
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        /// Keys whose GET is on its way; true once an invalidation came for one meanwhile.
        var inFlight: [Int: Bool] = [:]
        var tally = ClientCacheTally()
    }

    private let state = Mutex(State())
    private let ledger: VersionLedger
    private let clock: any WorkClock
    private let ttl: Duration?
    /// The data keys' prefix: an invalidated key is this and its index.
    private let keyPrefix: String

    init(ledger: VersionLedger, clock: any WorkClock, ttl: Duration?, keyPrefix: String) {
        self.ledger = ledger
        self.clock = clock
        self.ttl = ttl
        self.keyPrefix = keyPrefix
    }

    var tally: ClientCacheTally { state.withLock { $0.tally } }

    /// The local copy's version, counted as a hit (and as stale when older than `latest`,
    /// the newest version acknowledged when the read began); nil on a miss. An expired copy
    /// is dropped here, its staleness window ending when it expired.
    func lookup(_ key: Int, latest: Int) -> Int? {
        let now = clock.now
        return state.withLock { state in
            state.tally.reads += 1
            guard var entry = state.entries[key] else { return nil }
            if let expiresAt = entry.expiresAt, expiresAt <= now {
                state.entries[key] = nil
                state.tally.expiries += 1
                closeWindow(entry, key: key, endedAt: expiresAt, in: &state)
                return nil
            }
            state.tally.localHits += 1
            if entry.version < latest {
                state.tally.staleReads += 1
                entry.servedStale = true
                state.entries[key] = entry
            }
            return entry.version
        }
    }

    /// Marks `key` in flight before its GET is written.
    func beginFetch(_ key: Int) {
        state.withLock { $0.inFlight[key] = false }
    }

    /// Takes in a GET's reply: stored unless an invalidation for the key came while it was
    /// in flight (then dropped, and counted). `store` false counts the GET only (`none`);
    /// `honourInFlight` false stores it regardless, as a client without the mark would (the
    /// in-flight race's control).
    func finishFetch(_ key: Int, version: Int, store: Bool, honourInFlight: Bool = true) {
        let now = clock.now
        state.withLock { state in
            state.tally.networkGets += 1
            guard store else { return }
            if state.inFlight.removeValue(forKey: key) == true, honourInFlight {
                state.tally.repliesDropped += 1
                return
            }
            state.entries[key] = Entry(version: version, expiresAt: ttl.map { now + $0 })
        }
    }

    /// A push from the server: `invalidate` with the keys that changed, or with null when
    /// the whole database was flushed. Anything else is not the cache's business.
    func receive(_ push: RESPValue) {
        guard let items = push.elements, items.count == 2, items[0].string == "invalidate" else { return }
        let now = clock.now
        let keys = items[1].elements?.compactMap { $0.string.flatMap(keyIndex) }
        state.withLock { state in
            guard let keys else {
                let entries = state.entries
                for (key, entry) in entries { closeWindow(entry, key: key, endedAt: now, in: &state) }
                state.entries.removeAll()
                for key in state.inFlight.keys { state.inFlight[key] = true }
                state.tally.invalidations += 1
                return
            }
            for key in keys {
                state.tally.invalidations += 1
                if state.inFlight[key] != nil { state.inFlight[key] = true }
                if let entry = state.entries.removeValue(forKey: key) { closeWindow(entry, key: key, endedAt: now, in: &state) }
            }
        }
    }

    /// The end of a phase: a copy that served stale reads and is still here ends its
    /// window when it expires (TTL) or now (tracking, every push having been read).
    func finish() {
        let now = clock.now
        state.withLock { state in
            let entries = state.entries
            for (key, entry) in entries { closeWindow(entry, key: key, endedAt: entry.expiresAt ?? now, in: &state) }
        }
    }

    private func closeWindow(_ entry: Entry, key: Int, endedAt end: Duration, in state: inout State) {
        guard entry.servedStale, let since = ledger.staleSince(key, version: entry.version) else { return }
        state.tally.staleWindowsMs.append(max(0, (end - since).seconds * 1000))
    }

    private func keyIndex(_ key: String) -> Int? {
        guard key.hasPrefix(keyPrefix) else { return nil }
        return Int(key.dropFirst(keyPrefix.count))
    }
}
