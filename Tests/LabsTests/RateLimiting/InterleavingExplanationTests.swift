import Testing

@testable import Labs
@testable import Workbench

/// `--race`'s interleaving sentences: each fed numbers that call for it and numbers that do
/// not, and it appears or disappears with them.
@Suite struct InterleavingExplanationTests {
    private static let limit = 10

    /// A result with the figures derived as the run derives them from `allowed`.
    private func result(_ way: InterleavingWay, requests: Int = 20, allowed: Int, members: Int? = nil, shared: Int? = nil)
        -> InterleavingResult
    {
        InterleavingResult(
            way: way, requests: requests, allowed: allowed, overLimitAllows: max(0, allowed - Self.limit),
            needlessDenials: max(0, min(requests, Self.limit) - allowed), membersLeft: members ?? requests,
            roundTripsPerRequest: way.steps == 4 ? 4 : 1, sharedCounts: shared)
    }

    /// The lockstep worst case as the lab counts it with 20 app servers and a limit of 10.
    private var lockstep: [InterleavingResult] {
        [
            result(.tutorialAwaited, allowed: 0, shared: 20), result(.checkThenAdd, allowed: 20),
            result(.tutorialPipeline, allowed: 10, shared: 0), result(.multi, allowed: 10, shared: 0),
            result(.lua, allowed: 10, members: 10),
        ]
    }

    /// Every way held exactly: what no interleaving looks like.
    private var held: [InterleavingResult] {
        [
            result(.tutorialAwaited, allowed: 10, shared: 0), result(.checkThenAdd, allowed: 10, members: 10),
            result(.tutorialPipeline, allowed: 10, shared: 0), result(.multi, allowed: 10, shared: 0),
            result(.lua, allowed: 10, members: 10),
        ]
    }

    private func text(lockstep: [InterleavingResult], free: [InterleavingResult]) -> String {
        InterleavingExplanation.sentences(InterleavingReport(appServers: 20, limit: Self.limit, lockstep: lockstep, free: free))
            .joined(separator: " ")
    }

    @Test func checkThenAddPastTheLimitOnlyWhenItLetSomeThrough() {
        let open = text(lockstep: lockstep, free: held)
        #expect(
            open.contains(
                "check-then-add let 10 requests past the limit of 10 when 20 app servers read the count before any added (lockstep): each saw room, so 20 were allowed and 20 entries left in the log."
            ))
        #expect(open.contains("Running freely, check-then-add let none past the limit this time"))
        let shut = text(lockstep: held, free: held)
        #expect(!shut.contains("check-then-add let"))
        #expect(!shut.contains("let none past the limit this time"))
    }

    @Test func theFreeRunsOverLimitAllowsAreStatedAsCounted() {
        var free = held
        free[1] = result(.checkThenAdd, allowed: 17)
        let open = text(lockstep: lockstep, free: free)
        #expect(open.contains("Running freely, check-then-add let 7 past the limit"))
        #expect(!open.contains("let none past the limit this time"))
    }

    @Test func theTutorialFailsClosedOnlyWhenItDeniedWithRoomLeft() {
        let closed = text(lockstep: lockstep, free: held)
        #expect(
            closed.contains(
                "The tutorial's four commands, each awaited, let none past the limit (every request adds before it counts, so the i-th count to run sees at least i) but denied requests there was room for, 10 in lockstep:"
            ))
        #expect(!text(lockstep: held, free: held).contains("fails closed"))
        var both = held
        both[0] = result(.tutorialAwaited, allowed: 6, shared: 8)
        #expect(text(lockstep: lockstep, free: both).contains("10 in lockstep and 4 running freely"))
    }

    @Test func thePipelineRanBackToBackOnlyWhenNoCountWasShared() {
        let whole = text(lockstep: lockstep, free: held)
        #expect(
            whole.contains(
                "Each tutorial-pipeline request ran back to back in lockstep and running freely (its ZCARD answers were 1 to 20, each once), so it allowed exactly 10"
            ))
        #expect(whole.contains("Nothing promises one read"))
        #expect(!whole.contains("split across reads and interleaved"))
        var split = held
        split[2] = result(.tutorialPipeline, allowed: 7, shared: 6)
        let interleaved = text(lockstep: lockstep, free: split)
        #expect(interleaved.contains("Each tutorial-pipeline request ran back to back in lockstep (its ZCARD"))
        #expect(
            interleaved.contains(
                "Running freely, 6 tutorial-pipeline requests answered a ZCARD count another also answered: their pipelines were split across reads and interleaved, and 7 of 20 were allowed."
            ))
        var everywhere = lockstep
        everywhere[2] = result(.tutorialPipeline, allowed: 7, shared: 6)
        #expect(!text(lockstep: everywhere, free: split).contains("ran back to back"))
    }

    @Test func theAtomicWaysAreNamedOnlyWhenExactInBothSchedules() {
        let exact = text(lockstep: lockstep, free: held)
        #expect(
            exact.contains(
                "multi and lua allowed exactly 10 of 20 in lockstep and running freely: the server runs a transaction or a script whole"))
        var broken = held
        broken[3] = result(.multi, allowed: 12, shared: 2)
        let oneBroken = text(lockstep: lockstep, free: broken)
        #expect(oneBroken.contains("lua allowed exactly 10 of 20 in lockstep and running freely"))
        #expect(!oneBroken.contains("multi and lua allowed exactly"))
        #expect(oneBroken.contains("multi let 2 past the limit of 10 running freely."))
        #expect(!exact.contains("past the limit of 10 running freely"))
    }

    @Test func underTheLimitNothingFailsAndNothingIsBlamed() {
        let under = [
            result(.tutorialAwaited, requests: 5, allowed: 5, shared: 5), result(.checkThenAdd, requests: 5, allowed: 5),
            result(.tutorialPipeline, requests: 5, allowed: 5, shared: 0), result(.multi, requests: 5, allowed: 5, shared: 0),
            result(.lua, requests: 5, allowed: 5),
        ]
        let sentences = text(lockstep: under, free: under)
        #expect(!sentences.contains("check-then-add"))
        #expect(!sentences.contains("fails closed"))
        #expect(sentences.contains("multi and lua allowed exactly 5 of 5"))
    }

    @Test func theRateLimitExplanationCarriesTheSection() {
        var report = RateLimitReport(
            limit: Self.limit, windowMs: 60_000, pattern: .poisson, clock: "virtual", rate: 1.2, keys: 1, durationMs: 1000, skewMs: 0)
        #expect(!RateLimitExplanation.sentences(report).joined().contains("check-then-add"))
        report.interleaving = InterleavingReport(appServers: 20, limit: Self.limit, lockstep: lockstep, free: held)
        #expect(RateLimitExplanation.sentences(report).joined().contains("check-then-add let 10 requests past the limit of 10"))
    }
}
