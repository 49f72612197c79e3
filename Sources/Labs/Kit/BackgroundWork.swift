import Synchronization

/// Work a lab starts without waiting for it (a stale-while-revalidate refresh): tracked so
/// the lab can wait for all of it before counting, and count what failed.
public final class BackgroundWork: Sendable {
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let failures = Mutex(0)

    public init() {}

    public func start(_ body: @escaping @Sendable () async throws -> Void) {
        let task = Task {
            do {
                try await body()
            } catch {
                self.failures.withLock { $0 += 1 }
            }
        }
        tasks.withLock { $0.append(task) }
    }

    /// Waits for everything started so far (and started while waiting).
    public func waitForAll() async {
        while true {
            let pending = tasks.withLock { tasks -> [Task<Void, Never>] in
                defer { tasks.removeAll() }
                return tasks
            }
            if pending.isEmpty { return }
            for task in pending { await task.value }
        }
    }

    public var failureCount: Int { failures.withLock { $0 } }
}
