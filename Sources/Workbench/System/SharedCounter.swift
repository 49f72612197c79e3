import Synchronization

/// A counter several threads add to: bench clients claiming requests, Ctrl-Cs seen by the
/// REPL while a `[y/N]` question waits.
final class SharedCounter: Sendable {
    private let atomic = Atomic<Int>(0)

    var value: Int { atomic.load(ordering: .relaxed) }

    /// Adds `amount`; returns the value before.
    @discardableResult
    func add(_ amount: Int) -> Int {
        atomic.wrappingAdd(amount, ordering: .relaxed).oldValue
    }
}
