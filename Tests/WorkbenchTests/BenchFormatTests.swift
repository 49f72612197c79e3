import Testing

@testable import Workbench

@Suite struct BenchFormatTests {
    @Test func fixedDecimals() {
        #expect(BenchResult.fixed(1234.5678, 2) == "1234.57")
        #expect(BenchResult.fixed(0.0005, 3) == "0.001")
        #expect(BenchResult.fixed(0.2, 3) == "0.200")
        #expect(BenchResult.fixed(-1.5, 1) == "-1.5")
        #expect(BenchResult.fixed(42, 0) == "42")
        #expect(BenchResult.fixed(.nan, 2) == "0")
    }

    @Test func randomKeysAreTwelveDigitsBelowTheKeyspaceAndRepeatWithTheSeed() {
        let test = BenchTest.named("set", dataSize: 3)!
        var first = BenchTest.CommandMaker(test, keyspace: 1000, seed: 7)
        var second = BenchTest.CommandMaker(test, keyspace: 1000, seed: 7)
        for _ in 0..<100 {
            let command = first.next()
            #expect(command == second.next())
            let key = command.argument(1) ?? ""
            #expect(key.hasPrefix("key:") && key.count == 16)
            #expect((Int(key.dropFirst(4)) ?? -1) < 1000)
            #expect(command.argument(2) == "xxx")
        }
    }

    @Test func withoutAKeyspaceTheTemplateIsSentAsItIs() {
        var maker = BenchTest.CommandMaker(BenchTest.named("get", dataSize: 3)!, keyspace: nil, seed: 1)
        #expect(maker.next() == ["GET", "key:__rand_int__"])
    }

    @Test func everyStandardTestIsKnownAndMsetHasTenKeys() {
        for name in BenchTest.standardNames { #expect(BenchTest.named(name, dataSize: 8) != nil, "\(name)") }
        #expect(BenchTest.named("mset", dataSize: 1)?.template.count == 21)
        #expect(BenchTest.named("nope", dataSize: 1) == nil)
    }

    @Test func csvHeaderIsRedisBenchmarks() {
        #expect(
            BenchResult.csvHeader
                == #""test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms""#)
    }
}
