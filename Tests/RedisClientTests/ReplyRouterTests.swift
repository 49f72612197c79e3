import RESP
import Testing

@testable import RedisClient

@Suite struct ReplyRouterTests {
    typealias Router = ReplyRouter<Int>

    private func completed(_ action: Router.Action) -> (Int, RESPValue)? {
        if case .complete(let waiter, let value) = action { return (waiter, value) }
        return nil
    }

    private func outOfBand(_ action: Router.Action) -> RESPValue? {
        if case .outOfBand(let value) = action { return value }
        return nil
    }

    @Test func repliesCompleteWaitersInOrder() {
        var router = Router()
        router.enqueue(["SET", "a", "1"], waiter: 1)
        router.enqueue(["GET", "a"], waiter: 2)
        #expect(completed(router.receive(.simpleString("OK")))?.0 == 1)
        #expect(completed(router.receive(.bulk("1")))?.0 == 2)
        #expect(router.pendingCount == 0)
    }

    /// A pipeline is one entry per run of plain commands; a special command inside it
    /// (UNSUBSCRIBE) splits the runs, and every reply still goes to its request in order.
    @Test func aPipelineWithASpecialCommandInsideKeepsItsOrder() {
        var router = Router()
        router.enqueue([["GET", "a"], ["GET", "b"], ["UNSUBSCRIBE"], ["GET", "c"]], waiter: 1)
        router.enqueue(["PING"], waiter: 2)
        #expect(router.pendingCount == 5)
        #expect(router.plainHead?.waiter == 1 && router.plainHead?.count == 2)
        #expect(completed(router.receive(.bulk("a")))?.0 == 1)
        router.dropPlainHead()
        #expect(router.pendingCount == 3)
        // The UNSUBSCRIBE is next: not a plain reply.
        #expect(router.plainHead == nil)
        let confirmation = RESPValue.array([.bulk("unsubscribe"), .null, .integer(0)])
        #expect(completed(router.receive(confirmation))?.1 == confirmation)
        #expect(completed(router.receive(.bulk("c")))?.0 == 1)
        #expect(completed(router.receive(.simpleString("PONG")))?.0 == 2)
        #expect(router.pendingCount == 0)
        #expect(router.plainHead == nil)
    }

    @Test func aReplyNobodyWaitsForIsUnexpected() {
        var router = Router()
        guard case .unexpected = router.receive(.integer(1)) else {
            Issue.record("expected .unexpected")
            return
        }
    }

    @Test func resp2SubscribeIsAnsweredByTheFirstConfirmation() {
        var router = Router()
        router.enqueue(["SUBSCRIBE", "a", "b"], waiter: 7)
        let first = RESPValue.array([.bulk("subscribe"), .bulk("a"), .integer(1)])
        let second = RESPValue.array([.bulk("subscribe"), .bulk("b"), .integer(2)])
        #expect(completed(router.receive(first))?.1 == first)
        #expect(outOfBand(router.receive(second)) == second)
        #expect(router.pendingCount == 0)
        #expect(router.subscriptionCount == 2)
        let message = RESPValue.array([.bulk("message"), .bulk("a"), .bulk("hi")])
        #expect(outOfBand(router.receive(message)) == message)
    }

    @Test func resp3PushesAreAlwaysOutOfBand() {
        var router = Router()
        router.enqueue(["GET", "k"], waiter: 1)
        let invalidation = RESPValue.push([.bulk("invalidate"), .array([.bulk("k")])])
        #expect(outOfBand(router.receive(invalidation)) == invalidation)
        #expect(completed(router.receive(.null))?.0 == 1)
    }

    @Test func resp3SubscribeConfirmationsArePushes() {
        var router = Router()
        router.enqueue(["SUBSCRIBE", "ch"], waiter: 3)
        let confirmation = RESPValue.push([.bulk("subscribe"), .bulk("ch"), .integer(1)])
        #expect(completed(router.receive(confirmation))?.0 == 3)
        // A regular array that merely looks like a message is a reply in RESP3 (count 0 in RESP2 terms
        // does not apply: RESP3 messages are pushes).
        router.enqueue(["PING"], waiter: 4)
        #expect(completed(router.receive(.simpleString("PONG")))?.0 == 4)
    }

    @Test func anArrayThatLooksLikeAMessageIsAReplyWhenNotSubscribed() {
        var router = Router()
        router.enqueue(["LRANGE", "l", "0", "-1"], waiter: 1)
        let reply = RESPValue.array([.bulk("message"), .bulk("a"), .bulk("b")])
        #expect(completed(router.receive(reply))?.1 == reply)
    }

    @Test func unsubscribeToZeroLeavesSubscribedMode() {
        var router = Router()
        router.enqueue(["SUBSCRIBE", "a"], waiter: 1)
        _ = router.receive(.array([.bulk("subscribe"), .bulk("a"), .integer(1)]))
        router.enqueue(["UNSUBSCRIBE"], waiter: 2)
        #expect(completed(router.receive(.array([.bulk("unsubscribe"), .bulk("a"), .integer(0)])))?.0 == 2)
        #expect(router.subscriptionCount == 0)
        router.enqueue(["LRANGE", "l", "0", "-1"], waiter: 3)
        let reply = RESPValue.array([.bulk("message"), .bulk("x"), .bulk("y")])
        #expect(completed(router.receive(reply))?.0 == 3)
    }

    @Test func anErrorReplyAnswersASubscribeCommand() {
        var router = Router()
        router.enqueue(["SUBSCRIBE"], waiter: 9)
        let error = RESPValue.simpleError("ERR wrong number of arguments for 'subscribe' command")
        #expect(completed(router.receive(error))?.1 == error)
        #expect(router.pendingCount == 0)
    }

    @Test func afterMonitorEverythingIsOutOfBand() {
        var router = Router()
        router.enqueue(["MONITOR"], waiter: 1)
        #expect(completed(router.receive(.simpleString("OK")))?.0 == 1)
        #expect(router.isMonitoring)
        let line = RESPValue.simpleString("1700000000.123 [0 127.0.0.1:5000] \"GET\" \"k\"")
        #expect(outOfBand(router.receive(line)) == line)
    }

    @Test func removeAllReturnsEveryWaiterOnce() {
        var router = Router()
        router.enqueue(["GET", "a"], waiter: 1)
        router.enqueue(["SUBSCRIBE", "a", "b"], waiter: 2)
        router.enqueue(["MONITOR"], waiter: 3)
        #expect(router.removeAll() == [1, 2, 3])
        #expect(router.pendingCount == 0)
    }
}
