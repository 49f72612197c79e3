import Labs
import TestSupport
import Testing

@testable import Labs

/// The warm-up's expiries, read back from Redis (PTTL) right after it: without jitter the
/// keys expire within the warm-up's own duration, with `--ttl-jitter` across the jittered
/// TTLs. The figures come from the server's TTLs, not from how fast the clients ran, so
/// the bounds below hold on a loaded machine: a warm-up of 101 keys is one pipeline, and
/// even a starved one takes far less than the 10 s allowed.
@Suite(.needsRedis) struct WarmedExpiryTests {
    @Test func bucketsAreCountedFromTheFirstExpiry() {
        // By hand, 100 ms buckets from 1,000: [1000, 1050, 1099] [1100] [1250] … [5000].
        let counted = WarmedExpiries(expiriesMs: [1250, 1000, 5000, 1050, 1100, 1099], bucketMs: 100, originMs: 400)
        #expect(counted == WarmedExpiries(keys: 6, spreadMs: 4000, peakPerBucket: 3, firstAtMs: 600))
        #expect(WarmedExpiries(expiriesMs: [7, 7], bucketMs: 1) == WarmedExpiries(keys: 2, spreadMs: 0, peakPerBucket: 2, firstAtMs: 7))
        #expect(WarmedExpiries(expiriesMs: [], bucketMs: 100) == WarmedExpiries(keys: 0, spreadMs: 0, peakPerBucket: 0, firstAtMs: nil))
    }

    /// The TTL factors lock's warm-up draws for 100 products and the featured list: the
    /// filler's generator is stream 999 (client number -1), one draw a key.
    static func jitterFactors(seed: UInt64, keys: Int, jitter: Double) -> [Double] {
        var generator = SeededGenerator(seed: seed).split(999)
        return (0..<keys).map { _ in 1 + jitter * (2 * generator.nextUnit() - 1) }
    }

    @Test func jitterSpreadsTheWarmedKeysExpiries() async throws {
        try await ServerFixture.withServer { server async throws in
            let options =
                "--clients 1 --requests 50 --products 100 --ttl 60s --bucket 100ms --write-ratio 0 --missing-ratio 0 --strategy lock --seed 2"
            let plain = await LabRun.run(".lab cache-aside \(options)", on: server)
            let jittered = await LabRun.run(".lab cache-aside \(options) --ttl-jitter 0.5", on: server)
            #expect(plain.result.ok && jittered.result.ok, "\(plain.errors) \(jittered.errors)")
            for run in [plain, jittered] { #expect(try run.number("strategies.lock.warmed_keys") == 101) }
            // One TTL: every key expires within the warm-up's duration, nearly all in one bucket.
            let plainSpread = try plain.number("strategies.lock.expiry_spread_ms")
            #expect(plainSpread < 10_000, "\(plain.output)")
            #expect(try plain.number("strategies.lock.peak_keys_expiring_per_bucket") > 50, "\(plain.output)")
            // ±50% of 60 s: the expiries span what the seed's draws span (give or take the
            // warm-up's duration), and no bucket holds many.
            let factors = Self.jitterFactors(seed: 2, keys: 101, jitter: 0.5)
            let drawn = ((factors.max() ?? 1) - (factors.min() ?? 1)) * 60_000
            let spread = try jittered.number("strategies.lock.expiry_spread_ms")
            #expect(spread > 20_000 && abs(spread - drawn) < 10_000, "drawn \(drawn), counted \(spread)")
            #expect(try jittered.number("strategies.lock.peak_keys_expiring_per_bucket") <= 10, "\(jittered.output)")
            // Without jitter the spread is within the warm-up's own duration (both in whole ms:
            // a key set just across a millisecond's edge of a sub-millisecond warm-up).
            #expect(plainSpread <= (try plain.number("strategies.lock.warm_up_ms")) + 1, "\(plain.output)")
            #expect(
                plain.words.contains("With no TTL jitter, the keys lock warmed expire together, as fast as they were written"),
                "\(plain.output)")
            #expect(jittered.words.contains("With TTLs spread by ±50%, the keys lock warmed expire over at least"), "\(jittered.output)")
        }
    }

    /// Without a warm-up (cold start) and without a cache there is nothing to read back.
    @Test func nothingWarmedHasNoExpiryFigures() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(
                ".lab cache-aside --quick --clients 1 --requests 50 --scenario cold-start --strategy none,lock --json", on: server)
            #expect(run.result.ok, "\(run.errors)")
            for strategy in ["none", "lock"] {
                #expect((try? run.number("strategies.\(strategy).expiry_spread_ms")) == nil, "\(strategy)")
            }
        }
    }
}
