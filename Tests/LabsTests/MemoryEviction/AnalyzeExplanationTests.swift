import Testing

@testable import Labs
@testable import Workbench

/// `analyze`'s "What this shows": what can free a key without a TTL depends on the policy,
/// on maxmemory, and on there being such keys at all.
@Suite struct AnalyzeExplanationTests {
    private func text(policy: String, maxmemory: Int64 = 100 << 20, keys: Int = 1000, withoutTTL: Int = 400) -> String {
        var memory = MemorySummary(info: ServerInfo(""), stats: MemoryStats(.null))
        memory.maxmemoryPolicy = policy
        memory.maxmemory = maxmemory
        memory.usedMemory = 50 << 20
        var report = AnalyzeReport(memory: memory, doctor: "", dbsize: keys)
        report.totalKeys = keys
        report.withoutTTL = KeyGroupRow(name: "(no TTL)", keys: withoutTTL, bytes: 4000, share: 0.4, withTTL: 0, example: "")
        return AnalyzeExplanation.sentences(report).joined(separator: " ")
    }

    @Test func anAllkeysPolicyWithMaxmemoryEvictsThem() {
        let text = text(policy: "allkeys-lru")
        #expect(
            text.contains(
                "40% of the memory is in 400 keys without a TTL: nothing expires them, only eviction (policy allkeys-lru, once 100 MiB is used) or a delete."
            ))
    }

    @Test func noevictionNeverEvictsThem() {
        let text = text(policy: "noeviction")
        #expect(text.contains("nothing expires them and nothing evicts them (policy noeviction): only a delete frees them"))
        #expect(!text.contains("only eviction"))
    }

    @Test func aVolatilePolicyNeverEvictsThem() {
        let text = text(policy: "volatile-lru")
        #expect(text.contains("nothing expires them, and policy volatile-lru evicts only keys with a TTL: only a delete frees them."))
        #expect(!text.contains("only eviction"))
    }

    @Test func withoutMaxmemoryNothingIsEvicted() {
        let text = text(policy: "allkeys-lru", maxmemory: 0)
        #expect(text.contains("with no maxmemory set policy allkeys-lru never evicts: only a delete frees them."))
        #expect(!text.contains("only eviction"))
    }

    @Test func noKeysOrNoneWithoutATTLSayNothingAboutEviction() {
        let empty = text(policy: "allkeys-lru", keys: 0, withoutTTL: 0)
        #expect(!empty.contains("without a TTL"))
        #expect(!empty.contains("Every key"))
        let allExpire = text(policy: "allkeys-lru", withoutTTL: 0)
        #expect(allExpire.contains("Every key seen has a TTL."))
        #expect(!allExpire.contains("eviction"))
    }
}
