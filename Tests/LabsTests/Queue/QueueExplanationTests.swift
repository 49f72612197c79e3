import Testing

@testable import Labs
@testable import Workbench

/// The queue lab's "What this shows", fed reports with opposite numbers: each claim appears
/// only when the figures support it.
@Suite struct QueueExplanationTests {
    private func result(_ design: QueueDesign, lost: Int = 0, duplicates: Int = 0, crashes: Int = 0, held: Int = 0) -> DesignResult {
        DesignResult(
            design: design, produced: 100, processed: 100 - lost, lost: lost, duplicates: duplicates, crashes: crashes,
            crashesBeforeWork: crashes, crashesAfterWork: 0, consumersStarted: 4 + crashes, heldBeforeRecovery: held, recovered: held,
            heldAfterRecovery: 0, oldestIdleMs: nil, commands: 300, commandsPerMessage: 3, messagesPerSecond: 5000, seconds: 0.02)
    }

    private func text(_ results: [DesignResult]) -> String {
        var report = QueueReport(messages: 100, consumers: 4, kills: 5, crashAt: .both, claimIdleMs: 100, blockMs: 100)
        report.designs = results
        return QueueExplanation.sentences(report).joined(separator: " ")
    }

    @Test func brpopsLossOnlyWhenItLost() {
        let lost = text([result(.brpop, lost: 5, crashes: 5)])
        #expect(lost.contains("brpop lost 5 of 100 messages: each crash after BRPOP took its message with it"))
        #expect(!lost.contains("exactly once"))
        let kept = text([result(.brpop, crashes: 3)])
        #expect(!kept.contains("brpop lost 0"))
        #expect(kept.contains("brpop lost nothing here: its 3 crashes came after the work was done"))
        #expect(kept.contains("processed all 100 messages exactly once, crashes and all."))
        #expect(!text([result(.brpop)]).contains("brpop lost"))
    }

    @Test func recoveryAndDuplicatesOnlyWhenCounted() {
        let recovered = text([result(.lmove, duplicates: 2, crashes: 5, held: 5), result(.stream, crashes: 5, held: 5)])
        #expect(recovered.contains("lmove lost nothing: 5 messages waited in processing lists for their dead consumers, and LMOVE back"))
        #expect(recovered.contains("stream lost nothing: 5 messages waited pending (XPENDING)"))
        #expect(recovered.contains("lmove did the work of 2 messages twice: a consumer that dies after the work and before LREM"))
        #expect(!recovered.contains("stream did the work"))
        let quiet = text([result(.lmove), result(.stream)])
        #expect(!quiet.contains("lost nothing"))
        #expect(!quiet.contains("twice"))
        #expect(quiet.contains("With no consumer dying, lmove and stream each processed all 100 messages exactly once."))
        let broken = text([result(.stream, lost: 2, crashes: 5, held: 5)])
        #expect(broken.contains("stream lost 2 of 100 messages"))
        #expect(!broken.contains("stream lost nothing"))
    }

    @Test func throughputIsAlwaysNamedAsTimingDependent() {
        #expect(text([result(.brpop)]).contains("Messages a second (timing-dependent): brpop 5,000; commands a message: brpop 3."))
        #expect(!text([]).contains("Messages a second"))
    }
}
