import Synchronization

/// What the workers of one run count together, in process: who is inside the critical
/// section right now (the workers' own view, not Redis's), and the outcome so far.
final class LockTallies: Sendable {
    private struct State {
        var inside = 0
        var outcome = LockOutcome()
    }

    private let state = Mutex(State())

    /// A worker enters the critical section; another one already inside is a violation.
    func enter() {
        state.withLock { state in
            if state.inside > 0 { state.outcome.violations += 1 }
            state.inside += 1
            state.outcome.maxHolders = max(state.outcome.maxHolders, state.inside)
        }
    }

    func leave() {
        state.withLock { $0.inside -= 1 }
    }

    func count(_ change: @Sendable (inout LockOutcome) -> Void) {
        state.withLock { change(&$0.outcome) }
    }

    var outcome: LockOutcome { state.withLock { $0.outcome } }
}
