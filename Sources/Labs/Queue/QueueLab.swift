import RedisClient

/// A work queue three ways (BRPOP, BLMOVE into a processing list with a recovery pass, a
/// stream's consumer group with XAUTOCLAIM), with consumers killed between receiving a
/// message and acknowledging it: lost and duplicated messages counted against the
/// producer's ids, what each design held for the dead, and throughput.
public struct QueueLab: Lab {
    public static let name = "queue"
    public static let summary =
        "a work queue as BRPOP, BLMOVE + processing list, or a stream consumer group: consumers killed mid-message, lost and duplicated messages counted, PEL and XAUTOCLAIM shown"

    public var designs: [QueueDesign]
    public var messages: Int
    public var consumers: Int
    public var kills: Int
    public var crashAt: CrashPoint
    public var claimIdleMs: Int
    /// Short, so that a consumer notices within a blink that the queue is drained; far
    /// below the runner's command timeout, which a blocking read must not reach.
    public var blockMs: Int = 100

    public init(designs: [QueueDesign], messages: Int, consumers: Int, kills: Int, crashAt: CrashPoint, claimIdleMs: Int) {
        self.designs = designs
        self.messages = messages
        self.consumers = consumers
        self.kills = kills
        self.crashAt = crashAt
        self.claimIdleMs = claimIdleMs
    }

    public func run(_ context: LabContext) async throws -> QueueReport {
        var report = QueueReport(
            messages: messages, consumers: consumers, kills: kills, crashAt: crashAt, claimIdleMs: claimIdleMs, blockMs: blockMs)
        do {
            for (index, design) in designs.enumerated() {
                context.progress.update(phase: design.rawValue, done: index, total: designs.count)
                // The same messages crash every design, so the designs differ only in what
                // they do about it.
                let plan = CrashPlan(messages: messages, kills: kills, point: crashAt, generator: context.generator(stream: 0x51))
                let run = QueueDesignRun(
                    design: design, messages: messages, consumers: consumers, blockMs: blockMs, claimIdleMs: claimIdleMs, plan: plan,
                    context: context)
                report.designs.append(try await run.run())
                // Each design starts on an empty prefix.
                try await context.keys.removeAll(using: context.redis)
                try Task.checkCancellation()
            }
        } catch {
            throw LabStopped(partial: report, reason: error)
        }
        return report
    }
}
