import RESP
import Testing

@testable import RedisClient

@Suite struct RetryPolicyTests {
    @Test func delayGrowsByStepAndIsCapped() {
        let policy = RetryPolicy.standard
        #expect(policy.delay(beforeAttempt: 1) == .milliseconds(50))
        #expect(policy.delay(beforeAttempt: 3) == .milliseconds(150))
        #expect(policy.delay(beforeAttempt: 100) == .seconds(2))
        #expect(policy.maxRetries == 3)
    }

    @Test func onlyReadOnlyCommandsAreResent() {
        #expect(RetryPolicy.isSafeToResend(["get", "k"]))
        #expect(RetryPolicy.isSafeToResend(["CONFIG", "get", "maxmemory"]))
        #expect(!RetryPolicy.isSafeToResend(["INCR", "k"]))
        #expect(!RetryPolicy.isSafeToResend(["CONFIG", "SET", "maxmemory", "1"]))
        #expect(!RetryPolicy.isSafeToResend([]))
    }
}
