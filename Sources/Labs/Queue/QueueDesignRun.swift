import RESP
import RedisClient
import Synchronization

/// One design from start to finish (a class: its tallies are shared by its tasks): the producer and the consumers at once, a consumer
/// replaced each time one dies, then the recovery pass, then the count against the ids the
/// producer sent.
final class QueueDesignRun: Sendable {
    let commands: QueueCommands
    let messages: Int
    let consumers: Int
    let claimIdleMs: Int
    let plan: CrashPlan
    let context: LabContext

    private let ledger = MessageLedger()
    private let sent = Counter()
    private let started = Counter()
    /// Set once the producer's last message is in: a consumer whose blocking read began after
    /// that and came back empty knows the queue is drained.
    private let producerDone = Atomic<Bool>(false)
    /// When the last message was acknowledged: throughput ends there, not after the
    /// consumers' last empty blocking read, which would add a block time to every run.
    private let lastDone = Mutex<Duration?>(nil)
    /// The consumers' names, for the recovery of lmove's processing lists.
    private let names = Mutex<[String]>([])

    init(design: QueueDesign, messages: Int, consumers: Int, blockMs: Int, claimIdleMs: Int, plan: CrashPlan, context: LabContext) {
        commands = QueueCommands(design: design, keys: context.keys, blockMs: blockMs)
        self.messages = messages
        self.consumers = consumers
        self.claimIdleMs = claimIdleMs
        self.plan = plan
        self.context = context
    }

    func run() async throws -> DesignResult {
        try await commands.setUp(context.redis)
        if commands.design == .stream { sent.add() }
        let start = context.clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.produce() }
            for slot in 0..<consumers { group.addTask { try await self.consumerSlot(slot) } }
            try await group.waitForAll()
        }
        let elapsed = (lastDone.withLock { $0 } ?? start) - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let beforeRecovery = ledger.tally.distinct
        let recovery = try await recover()
        let tally = ledger.tally
        let processed = ledger.processedAmong(messages)
        return DesignResult(
            design: commands.design, produced: messages, processed: processed, lost: messages - processed, duplicates: tally.duplicates,
            crashes: plan.crashes.count, crashesBeforeWork: plan.beforeWork, crashesAfterWork: plan.afterWork,
            consumersStarted: started.value, heldBeforeRecovery: recovery.heldBefore, recovered: recovery.recovered,
            heldAfterRecovery: recovery.heldAfter, oldestIdleMs: recovery.oldestIdleMs, commands: sent.value,
            commandsPerMessage: Rounding.ratio(sent.value, messages),
            messagesPerSecond: seconds > 0 ? Rounding.rounded(Double(beforeRecovery) / seconds, 1) : 0,
            seconds: Rounding.rounded(seconds, 3))
    }

    /// Ids 1…messages, pipelined 100 at a time on a connection of its own.
    private func produce() async throws {
        let connection = try await (context.connectDirect ?? context.connect)()
        try await withTaskExecutorPreference(connection.taskExecutor) { try await produce(on: connection) }
    }

    private func produce(on connection: any LabConnection) async throws {
        do {
            for batchStart in stride(from: 1, through: messages, by: 100) {
                let batch = (batchStart...min(messages, batchStart + 99)).map(commands.produce)
                let replies = try await connection.pipeline(batch)
                sent.add(batch.count)
                if let error = replies.lazy.compactMap(\.errorMessage).first { throw LabError("the producer's write failed: \(error)") }
            }
        } catch {
            await connection.close()
            throw error
        }
        producerDone.store(true, ordering: .sequentiallyConsistent)
        await connection.close()
    }

    /// One consumer's place: a consumer on a connection of its own and, each time it dies, a
    /// replacement on a new connection under a new name.
    private func consumerSlot(_ slot: Int) async throws {
        var generation = 0
        while true {
            let name = "c\(slot)-\(generation)"
            if try await consume(as: name, crashes: true) == .drained { return }
            generation += 1
        }
    }

    enum Ending { case drained, crashed }

    /// Receives, works and acknowledges until the queue is drained, or dies where the plan
    /// says: its connection is closed, as the server sees a killed process.
    private func consume(as name: String, crashes: Bool) async throws -> Ending {
        started.add()
        names.withLock { $0.append(name) }
        // Each consumer on a thread of its own with a plain socket where it can: through the
        // event loop a blocking read's round trip cost more than the server's work.
        let connection = try await (context.connectDirect ?? context.connect)()
        return try await withTaskExecutorPreference(connection.taskExecutor) {
            try await consume(as: name, crashes: crashes, on: connection)
        }
    }

    private func consume(as name: String, crashes: Bool, on connection: any LabConnection) async throws -> Ending {
        do {
            while true {
                try Task.checkCancellation()
                let drainedBefore = producerDone.load(ordering: .sequentiallyConsistent)
                let delivery = try await commands.receive(connection, consumer: name)
                sent.add()
                guard let delivery else {
                    if drainedBefore { break }
                    continue
                }
                let crash = crashes ? plan.claim(delivery.id) : nil
                if crash == .received {
                    await connection.close()
                    return .crashed
                }
                ledger.processed(delivery.id)
                if crash == .processed {
                    await connection.close()
                    return .crashed
                }
                sent.add(try await commands.acknowledge(delivery, on: connection, consumer: name))
                let now = context.clock.now
                lastDone.withLock { $0 = max($0 ?? now, now) }
            }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return .drained
    }

    struct Recovery {
        var heldBefore = 0
        var recovered = 0
        var heldAfter = 0
        var oldestIdleMs: Int?
    }

    /// What the design does for a dead consumer's messages once the others are idle.
    private func recover() async throws -> Recovery {
        switch commands.design {
        case .brpop: return Recovery()
        case .lmove: return try await recoverLists()
        case .stream: return try await recoverStream()
        }
    }

    /// Every processing list's items moved back to the queue (LMOVE), then a consumer that
    /// does not crash drains it.
    private func recoverLists() async throws -> Recovery {
        var recovery = Recovery()
        let redis = context.redis
        let lists = names.withLock { $0 }.map(commands.processing)
        for list in lists {
            recovery.heldBefore += Int(try await redis.call("LLEN", list).int ?? 0)
            sent.add()
        }
        for list in lists {
            while try await redis.call("LMOVE", list, commands.source, "RIGHT", "RIGHT").string != nil {
                sent.add()
                recovery.recovered += 1
            }
            sent.add()
        }
        if recovery.recovered > 0 { _ = try await consume(as: "recovery", crashes: false) }
        for list in lists + [commands.processing("recovery")] {
            recovery.heldAfter += Int(try await redis.call("LLEN", list).int ?? 0)
            sent.add()
        }
        return recovery
    }

    /// XPENDING's count, a wait of min-idle-time, then XAUTOCLAIM until its cursor comes back
    /// to 0-0, each claimed entry processed and acknowledged.
    private func recoverStream() async throws -> Recovery {
        var recovery = Recovery()
        let redis = context.redis
        let source = commands.source
        let group = QueueCommands.group
        recovery.heldBefore = try await pendingCount()
        guard recovery.heldBefore > 0 else { return recovery }
        // XAUTOCLAIM takes only entries idle at least min-idle-time; every crash happened
        // before the consumers drained the stream, so waiting that long from now (plus a
        // millisecond for the server's rounding) makes every one of them old enough.
        try await context.clock.sleep(for: .milliseconds(claimIdleMs + 1))
        let oldest = try await redis.call("XPENDING", source, group, "-", "+", "1")
        sent.add()
        recovery.oldestIdleMs = oldest.elements?.first?.elements.flatMap { $0.count > 2 ? $0[2].int : nil }.map { Int($0) }
        var cursor = "0-0"
        repeat {
            let reply = try await redis.call("XAUTOCLAIM", source, group, "recovery", String(claimIdleMs), cursor, "COUNT", "100")
            sent.add()
            guard let parts = reply.elements, parts.count >= 2, let next = parts[0].string else {
                throw LabError("XAUTOCLAIM answered \(reply)")
            }
            for delivery in try QueueCommands.entries(parts[1]) {
                ledger.processed(delivery.id)
                try await redis.call("XACK", source, group, delivery.handle)
                sent.add()
                recovery.recovered += 1
            }
            cursor = next
        } while cursor != "0-0"
        recovery.heldAfter = try await pendingCount()
        return recovery
    }

    /// XPENDING's summary form: `[count, smallest id, largest id, consumers]`.
    private func pendingCount() async throws -> Int {
        let reply = try await context.redis.call("XPENDING", commands.source, QueueCommands.group)
        sent.add()
        guard let count = reply.elements?.first?.int else { throw LabError("XPENDING answered \(reply)") }
        return Int(count)
    }
}
