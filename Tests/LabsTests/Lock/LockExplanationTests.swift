import Testing

@testable import Labs
@testable import Workbench

/// The lock lab's "What this shows", fed reports with opposite numbers: each claim appears
/// only when the figures support it.
@Suite struct LockExplanationTests {
    private func outcome(
        pauses: Int = 8, violations: Int = 0, lost: Int = 0, lockLost: Int = 0, wrong: Int = 0, refused: Int = 0, writes: Int = 32
    ) -> LockOutcome {
        var outcome = LockOutcome()
        outcome.pauses = pauses
        outcome.acquisitions = 32
        outcome.violations = violations
        outcome.maxHolders = violations > 0 ? 2 : 1
        outcome.lockLostWhileHeld = lockLost
        outcome.wrongDeletions = wrong
        outcome.staleWritesRefused = refused
        outcome.writesAccepted = writes
        outcome.lostIncrements = lost
        outcome.finalCounter = writes - lost
        return outcome
    }

    private func report(del: LockOutcome, token: LockOutcome, fencing: LockOutcome, control: LockOutcome? = nil) -> LockReport {
        var report = LockReport(workers: 4, rounds: 8, leaseMs: 50, workMs: 20, pauseMs: 300, pauseEvery: 4)
        let quiet = control ?? outcome(pauses: 0)
        report.variants = [
            LockVariantResult(variant: .delRelease, paused: del, control: quiet),
            LockVariantResult(variant: .tokenRelease, paused: token, control: quiet),
            LockVariantResult(variant: .fencing, paused: fencing, control: quiet),
        ]
        return report
    }

    private func text(_ report: LockReport) -> String { LockExplanation.sentences(report).joined(separator: " ") }

    private var broken: LockReport {
        report(
            del: outcome(violations: 14, lost: 11, lockLost: 12, wrong: 5),
            token: outcome(violations: 8, lost: 7, lockLost: 8),
            fencing: outcome(violations: 8, lockLost: 8, refused: 8, writes: 24))
    }

    @Test func theUnsafeReleaseIsNamedOnlyWhenItDeletedAnothersLock() {
        let shown = text(broken)
        #expect(
            shown.contains(
                "del-release: 5 releases by plain DEL deleted a lock another worker had taken after the releaser's lease expired in a pause; 14 entries found another worker inside, and 11 increments were lost."
            ))
        let none = text(
            report(
                del: outcome(violations: 3, lost: 2, lockLost: 8), token: outcome(violations: 8, lost: 7, lockLost: 8),
                fencing: outcome(refused: 8, writes: 24)))
        #expect(!none.contains("by plain DEL deleted"))
        #expect(
            none.contains(
                "del-release: 8 holders lost the lock before releasing it, but no DEL landed while another worker held the lock here"))
    }

    @Test func theTokenReleaseIsSaidNotToFixLeaseExpiryOnlyWithViolations() {
        let shown = text(broken)
        #expect(
            shown.contains("token-release deleted no other worker's lock: compare-and-delete found 8 leases expired under their holders"))
        #expect(
            shown.contains(
                "But token-release still let 8 entries in while another holder was inside, when a lease expired during a pause (7 increments lost): the release alone does not fix lease expiry."
            ))
        let safe = text(report(del: outcome(), token: outcome(), fencing: outcome()))
        #expect(!safe.contains("does not fix lease expiry"))
        #expect(!safe.contains("compare-and-delete found"))
        #expect(safe.contains("token-release had no two holders inside at once here, through 8 pauses."))
    }

    @Test func fencingIsCreditedOnlyWhenItRefusedAndLostNothing() {
        let shown = text(broken)
        #expect(
            shown.contains(
                "the counter's table refused 8 stale writes and 0 stale reads, and the counter equals the 24 writes it accepted: 0 increments lost, although 8 entries still found another holder inside: fencing protects the resource, not the critical section."
            ))
        let leaky = text(
            report(del: outcome(), token: outcome(), fencing: outcome(violations: 2, lost: 1, refused: 3, writes: 29)))
        #expect(leaky.contains("With fencing tokens 1 increment was lost all the same (3 stale accesses refused)."))
        #expect(!leaky.contains("0 increments lost"))
        let idle = text(report(del: outcome(), token: outcome(), fencing: outcome()))
        #expect(idle.contains("With fencing tokens no stale token reached the counter here"))
        #expect(!idle.contains("fencing protects the resource"))
    }

    @Test func theControlIsSaidSafeOnlyWhenItWas() {
        #expect(
            text(broken).contains(
                "Without pauses (20 ms of work in a 50 ms lease) every variant ran with 0 violations and 0 lost increments"))
        let unsafe = text(
            report(del: outcome(), token: outcome(), fencing: outcome(), control: outcome(pauses: 0, violations: 1, lost: 1)))
        #expect(!unsafe.contains("every variant ran with 0 violations"))
        #expect(unsafe.contains("Even without pauses: del-release 1 violation, 1 lost increment"))
    }
}
