/// What the lock lab counted: for each variant, one run where some critical sections pause
/// longer than the lease and a control run without pauses.
public struct LockReport: LabReport {
    public var workers: Int
    public var rounds: Int
    public var leaseMs: Int
    public var workMs: Int
    public var pauseMs: Int
    public var pauseEvery: Int
    public var variants: [LockVariantResult] = []

    /// Which holder the scheduler lets in during an expired lease, and whether a release
    /// lands while another holds the lock, are the machine's timing: with the pause far
    /// longer than the lease the signs of these counts are forced, their sizes are not.
    /// Acquisitions and pauses follow from the options and the seed.
    public var timingDependent: [String] {
        let counts = [
            "acquire_retries", "violations", "max_holders", "lock_lost_while_held", "wrong_deletions", "writes_accepted",
            "stale_writes_refused", "stale_reads_refused", "final_counter", "lost_increments", "elapsed_ms",
        ]
        return ["paused", "control"].flatMap { run in counts.map { "variants.*.\(run).\($0)" } }
    }
}

/// How a worker releases the lock, and whether the resource checks a fencing token.
public enum LockVariant: String, CaseIterable, Codable, Sendable {
    /// DEL lock: whatever the key holds now, possibly another worker's lock.
    case delRelease = "del-release"
    /// Compare-and-delete in Lua: only the worker's own token is deleted.
    case tokenRelease = "token-release"
    /// The token release, plus a number from INCR taken with the lock, which the resource
    /// checks: an access with a lower number than one already seen is refused.
    case fencing
}

public struct LockVariantResult: Encodable, Sendable {
    public var variant: LockVariant
    /// Some critical sections pause for `pause_ms` between reading and writing the counter.
    public var paused: LockOutcome
    /// The same work without pauses.
    public var control: LockOutcome
}

/// One run of every worker's rounds, as counted by the workers and the resource.
public struct LockOutcome: Encodable, Sendable, Equatable {
    /// Critical sections that paused (seeded: one round in every `pause_every` of each worker).
    public var pauses: Int = 0
    /// SET NX PX that succeeded: one per round.
    public var acquisitions: Int = 0
    /// SET NX PX answered nil (the lock was taken) before one succeeded.
    public var acquireRetries: Int = 0
    /// Entries into the critical section that found another worker still inside it,
    /// counted by the workers in process.
    public var violations: Int = 0
    /// The most workers inside at once.
    public var maxHolders: Int = 0
    /// Releases that found the key no longer holding the worker's token: its lease had
    /// expired while it worked (or, with DEL, another worker's release had deleted it).
    public var lockLostWhileHeld: Int = 0
    /// Releases that deleted a lock another worker held (only DEL can: the script that
    /// releases by DEL returns the token it deleted).
    public var wrongDeletions: Int = 0
    /// Counter writes the resource applied.
    public var writesAccepted: Int = 0
    /// Writes the resource refused because a higher fencing token had reached it (fencing).
    public var staleWritesRefused: Int = 0
    /// Reads refused likewise: the holder leaves without writing (fencing).
    public var staleReadsRefused: Int = 0
    /// The counter in SQLite at the end (it starts at 0).
    public var finalCounter: Int = 0
    /// Writes applied minus the final counter: increments overwritten by a holder that read
    /// the counter before another's write.
    public var lostIncrements: Int = 0
    public var elapsedMs: Int = 0

    public init() {}
}
