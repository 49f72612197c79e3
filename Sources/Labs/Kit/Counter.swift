import Synchronization

/// A count several clients add to (requests done, for the progress bar).
public final class Counter: Sendable {
    private let atomic = Atomic<Int>(0)

    public init() {}

    public var value: Int { atomic.load(ordering: .relaxed) }

    public func add(_ amount: Int = 1) {
        atomic.wrappingAdd(amount, ordering: .relaxed)
    }
}
