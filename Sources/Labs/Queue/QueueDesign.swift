/// The three ways the lab hands messages from a producer to consumers.
public enum QueueDesign: String, CaseIterable, Codable, Sendable {
    /// LPUSH, then BRPOP: the message leaves Redis the moment a consumer receives it.
    case brpop
    /// LPUSH, then BLMOVE into the consumer's own processing list and LREM once done; a
    /// recovery pass moves what a dead consumer left there back to the queue.
    case lmove
    /// XADD, then XREADGROUP in a consumer group and XACK once done; a dead consumer's
    /// entries stay in the pending-entries list until XAUTOCLAIM hands them to another.
    case stream
}

/// Where a consumer dies: after receiving a message and before doing the work, or after the
/// work and before acknowledging it (LREM, XACK).
public enum CrashPoint: String, CaseIterable, Codable, Sendable {
    case received
    case processed
    /// The chosen messages alternate: the first crash at `received`, the second at
    /// `processed`, and so on.
    case both
}
