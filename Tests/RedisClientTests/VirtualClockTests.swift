import RedisClient
import Synchronization
import Testing

@Suite struct VirtualClockTests {
    @Test func timeMovesOnlyWhenAdvancedAndNeverBack() {
        let clock = VirtualClock()
        #expect(clock.now == .zero)
        clock.advance(by: .seconds(5))
        clock.advance(to: .seconds(2))
        #expect(clock.now == .seconds(5))
    }

    @Test func sleepersWakeInDeadlineOrderAndNotEarly() async throws {
        let clock = VirtualClock()
        let woken = Woken()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, milliseconds) in [300, 100, 200].enumerated() {
                group.addTask {
                    try await clock.sleep(for: .milliseconds(milliseconds))
                    woken.append(index)
                }
            }
            while clock.sleeperCount < 3 { await Task.yield() }
            clock.advance(by: .milliseconds(150))
            while woken.values.isEmpty { await Task.yield() }
            #expect(woken.values == [1])
            #expect(clock.sleeperCount == 2)
            clock.advance(by: .seconds(1))
            try await group.waitForAll()
        }
        #expect(woken.values.sorted() == [0, 1, 2])
    }

    @Test func cancellingASleeperEndsIt() async {
        let clock = VirtualClock()
        let task = Task { try await clock.sleep(for: .seconds(60)) }
        while clock.sleeperCount < 1 { await Task.yield() }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(clock.sleeperCount == 0)
    }
}

private final class Woken: Sendable {
    private let list = Mutex<[Int]>([])
    var values: [Int] { list.withLock { $0 } }
    func append(_ value: Int) { list.withLock { $0.append(value) } }
}
