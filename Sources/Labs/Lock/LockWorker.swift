import RESP
import RedisClient

/// One worker of a run: its connection and its rounds, each acquire → critical section
/// (read the counter, work, perhaps pause, write it + 1) → release, as the variant does them.
struct LockWorker: Sendable {
    let index: Int
    let variant: LockVariant
    let connection: any LabConnection
    let keys: LockKeys
    let scripts: LockScripts
    let resource: CounterResource
    let tallies: LockTallies
    let clock: any WorkClock
    let settings: LockSettings
    /// Which of this worker's rounds pause (empty: none).
    let pausingRounds: Set<Int>
    /// Draws the lock tokens.
    var generator: SeededGenerator

    /// How long a worker that found the lock taken waits before trying again: short, so
    /// that a lock freed (or expired) is taken again at once, as contending clients do.
    static let retryInterval = Duration.milliseconds(1)

    mutating func run() async throws {
        for round in 0..<settings.rounds {
            // Unique per worker and round: a token names one holding of the lock.
            let token = "w\(index):\(String(generator.next(), radix: 16))"
            let fence = try await acquire(token)
            tallies.enter()
            do {
                try await criticalSection(fence: fence, pause: pausingRounds.contains(round))
            } catch {
                tallies.leave()
                throw error
            }
            // Out of the section before the release: the next holder may enter as soon as
            // the key is gone.
            tallies.leave()
            try await release(token)
        }
    }

    /// SET NX PX until it succeeds (with fencing, in a script that also takes the next
    /// fencing token from INCR); returns the fencing token, 0 without fencing.
    private func acquire(_ token: String) async throws -> Int {
        let lease = String(settings.leaseMs)
        while true {
            if variant == .fencing {
                let reply = try await scripts.acquireFenced.call(
                    keys: [keys.lock, keys.fence], arguments: [token, lease], on: connection)
                guard let fence = reply.int else { throw LabError("the fenced acquire answered \(reply)") }
                if fence > 0 {
                    tallies.count { $0.acquisitions += 1 }
                    return Int(fence)
                }
            } else if try await connection.call("SET", keys.lock, token, "NX", "PX", lease).isOK {
                tallies.count { $0.acquisitions += 1 }
                return 0
            }
            tallies.count { $0.acquireRetries += 1 }
            try await clock.sleep(for: Self.retryInterval)
        }
    }

    private func criticalSection(fence: Int, pause: Bool) async throws {
        // The pause stands for a GC pause or a stalled process between reading and writing.
        let work = Duration.milliseconds(settings.workMs + (pause ? settings.pauseMs : 0))
        if pause { tallies.count { $0.pauses += 1 } }
        if variant == .fencing {
            guard let value = try await resource.read(fencedBy: fence) else {
                tallies.count { $0.staleReadsRefused += 1 }
                return
            }
            if work > .zero { try await clock.sleep(for: work) }
            if try await resource.write(value + 1, fencedBy: fence) {
                tallies.count { $0.writesAccepted += 1 }
            } else {
                tallies.count { $0.staleWritesRefused += 1 }
            }
        } else {
            let value = try await resource.read()
            if work > .zero { try await clock.sleep(for: work) }
            try await resource.write(value + 1)
            tallies.count { $0.writesAccepted += 1 }
        }
    }

    private func release(_ token: String) async throws {
        if variant == .delRelease {
            // The unsafe release deletes whatever the key holds; the script only also
            // returns what that was, so the lab knows whose lock went (atomically: no
            // holder can slip in between the look and the delete).
            let deleted = try await scripts.deleteReturningHolder.call(keys: [keys.lock], arguments: [], on: connection)
            guard let holder = deleted.string else {
                tallies.count { $0.lockLostWhileHeld += 1 }
                return
            }
            if holder != token {
                tallies.count {
                    $0.lockLostWhileHeld += 1
                    $0.wrongDeletions += 1
                }
            }
        } else {
            let deleted = try await scripts.compareAndDelete.call(keys: [keys.lock], arguments: [token], on: connection)
            if deleted.int == 0 { tallies.count { $0.lockLostWhileHeld += 1 } }
        }
    }
}

/// The keys of one run: the lock and the fencing counter, in one hash slot (the fenced
/// acquire uses both).
struct LockKeys: Sendable {
    let lock: String
    let fence: String
}

/// The run's numbers, as the lab was given them.
struct LockSettings: Sendable {
    var rounds: Int
    var leaseMs: Int
    var workMs: Int
    var pauseMs: Int
}

/// The lab's scripts, each loaded once per server.
struct LockScripts: Sendable {
    /// The safe release: delete the key only if it still holds this worker's token.
    let compareAndDelete = LuaScript(LuaScript.compareAndDeleteSource)
    /// The unsafe release, DEL, instrumented: returns the token it deleted (nil if none).
    let deleteReturningHolder = LuaScript(
        """
        local holder = redis.call('GET', KEYS[1])
        redis.call('DEL', KEYS[1])
        return holder
        """)
    /// SET NX PX and, when it succeeds, the next fencing token (INCR), in one step; 0 when
    /// the lock is taken.
    let acquireFenced = LuaScript(
        """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return redis.call('INCR', KEYS[2]) end
        return 0
        """)
}
