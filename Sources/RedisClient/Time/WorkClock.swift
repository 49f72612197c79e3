import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Time as the workbench reads it. Everything that measures or waits takes one of these, so
/// that a simulation runs on a `VirtualClock` (a virtual hour in a second, the same numbers
/// for the same seed) and tests move time instead of sleeping.
public protocol WorkClock: Sendable {
    /// Time elapsed since the clock's origin.
    var now: Duration { get }
    /// Returns once `duration` has passed on this clock; throws `CancellationError` when the
    /// task is cancelled first.
    func sleep(for duration: Duration) async throws
    /// Calendar time in milliseconds since the Unix epoch, as an app server's `Date.now()`
    /// reads it: what a limiter that stores timestamps is given.
    var epochMilliseconds: Int64 { get }
}

/// Real, monotonic time (`ContinuousClock`); the origin is when the value was made.
public struct SystemClock: WorkClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var now: Duration { ContinuousClock.now - origin }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }

    public var epochMilliseconds: Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}

/// Time that moves only when told to. `advance(by:)` wakes every sleeper whose deadline has
/// come, in deadline order; a sleeper never wakes early. Safe from any thread.
public final class VirtualClock: WorkClock {
    private struct Sleeper {
        var deadline: Duration
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Duration
        var sleepers: [Sleeper] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>
    private let epochOrigin: Int64

    /// `epoch`: the calendar time (ms since 1970) at the origin, fixed so that runs repeat.
    public init(now: Duration = .zero, epoch: Int64 = 1_700_000_000_000) {
        state = Mutex(State(now: now))
        epochOrigin = epoch
    }

    public var epochMilliseconds: Int64 { epochOrigin + now.milliseconds }

    public var now: Duration { state.withLock { $0.now } }

    /// Moves time forward by `duration` (never back) and wakes the sleepers that are due.
    public func advance(by duration: Duration) {
        advance(to: now + duration)
    }

    /// Moves time forward to `instant` (an earlier instant leaves it where it is).
    public func advance(to instant: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = max(state.now, instant)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Tasks waiting in `sleep(for:)` now.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        guard duration > .zero else { return }
        let id = state.withLock { state -> UInt64 in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    state.sleepers.append(Sleeper(deadline: state.now + duration, id: id, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }
}
