/// What the queue lab counted: for each design, the producer's messages against what the
/// consumers processed when some of them died between receiving and acknowledging.
public struct QueueReport: LabReport {
    public var messages: Int
    public var consumers: Int
    /// Crashes planned (messages chosen by the seed), the same for every design.
    public var kills: Int
    public var crashAt: CrashPoint
    /// XAUTOCLAIM's min-idle-time, ms.
    public var claimIdleMs: Int
    /// BRPOP's, BLMOVE's and XREADGROUP's block time, ms.
    public var blockMs: Int
    public var designs: [DesignResult] = []

    /// Throughput and command counts depend on the scheduler: a consumer that finds the queue
    /// empty sends another blocking read, and XPENDING's idle time is the server's clock.
    public var timingDependent: [String] {
        [
            "designs.*.commands", "designs.*.commands_per_message", "designs.*.messages_per_second", "designs.*.seconds",
            "designs.*.oldest_idle_ms",
        ]
    }
}

public struct DesignResult: Encodable, Sendable {
    public var design: QueueDesign
    /// Messages the producer sent (its ledger: ids 1…messages).
    public var produced: Int
    /// Distinct ids whose work was done at least once.
    public var processed: Int
    /// Produced but never processed.
    public var lost: Int
    /// Times work was done beyond the first, over every id.
    public var duplicates: Int
    /// Consumers that died, and where: before the work, or after it and before the
    /// acknowledgement.
    public var crashes: Int
    public var crashesBeforeWork: Int
    public var crashesAfterWork: Int
    /// Consumers started in all: replacements and lmove's recovery consumer included.
    public var consumersStarted: Int
    /// Messages still held for a dead consumer when the others had drained the queue: items
    /// in processing lists (lmove), XPENDING's count (stream); 0 for brpop, which holds
    /// nothing.
    public var heldBeforeRecovery: Int
    /// Messages the recovery pass handed back and processed (LMOVE back, XAUTOCLAIM).
    public var recovered: Int
    /// Held after recovery: 0 when it found everything.
    public var heldAfterRecovery: Int
    /// The stream's oldest pending entry's idle time when XAUTOCLAIM ran, ms (XPENDING).
    public var oldestIdleMs: Int?
    /// Every command sent for this design (producer, consumers, recovery), empty blocking
    /// reads included.
    public var commands: Int
    public var commandsPerMessage: Double
    /// Distinct messages processed per second, from the producer's start to the last
    /// acknowledgement before recovery (recovery's own wait excluded).
    public var messagesPerSecond: Double
    public var seconds: Double
}
