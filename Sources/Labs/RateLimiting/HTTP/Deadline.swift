import RedisClient
import Synchronization

/// Work with a time limit that holds even when the work ignores cancellation (a command to a
/// paused Redis waits for the connection's 30-second timeout whatever its task is told): the
/// work runs in a task of its own, and the caller gets its result or `timedOut`, whichever
/// comes first. Work left behind finishes, or fails, on its own.
enum Deadline {
    enum Outcome<Value: Sendable>: Sendable {
        case finished(Result<Value, any Error>)
        case timedOut
    }

    static func run<Value: Sendable>(
        within limit: Duration, clock: any WorkClock, _ work: @escaping @Sendable () async throws -> Value
    ) async -> Outcome<Value> {
        let answer = FirstAnswer<Outcome<Value>>()
        return await withCheckedContinuation { continuation in
            answer.wait(continuation)
            let worker = Task {
                let result: Result<Value, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                answer.give(.finished(result))
            }
            Task {
                try? await clock.sleep(for: limit)
                if answer.give(.timedOut) { worker.cancel() }
            }
        }
    }
}

/// A continuation resumed once, by the first of several tasks to answer.
private final class FirstAnswer<Value: Sendable>: Sendable {
    private let slot = Mutex<CheckedContinuation<Value, Never>?>(nil)

    func wait(_ continuation: CheckedContinuation<Value, Never>) {
        slot.withLock { $0 = continuation }
    }

    /// True when this answer was the first.
    @discardableResult
    func give(_ value: Value) -> Bool {
        guard
            let continuation = slot.withLock({ slot in
                defer { slot = nil }
                return slot
            })
        else { return false }
        continuation.resume(returning: value)
        return true
    }
}
