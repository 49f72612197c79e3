import RESP
import RedisClient
import TestSupport
import Testing

@testable import Labs
@testable import Workbench

/// The tutorial's fire-and-forget SET on a full Redis (maxmemory 1 byte, noeviction): every
/// figure checked against a model replaying the lab's seeded reads, and the server's own
/// OOM error count.
@Suite(.needsRedis) struct CacheAsideFailingFillsTests {
    /// The reads the lab draws for `seed`: its stream 0xF1, Zipf over the products.
    private func reads(seed: UInt64, requests: Int, products: Int, zipf: Double = 1) -> [Int] {
        var generator = SeededGenerator(seed: seed).split(0xF1)
        let popularity = Zipf(count: products, exponent: zipf)
        return (0..<requests).map { _ in popularity.next(using: &generator) }
    }

    private func config(_ client: RedisClient, _ name: String) async throws -> String {
        try await client.call("CONFIG", "GET", name).elements?.last?.string ?? ""
    }

    @Test func fillsFailUnseenAndEveryLaterReadQueriesAgain() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            try await client.call("SET", "app:key", "kept")
            let policy = try await config(client, "maxmemory-policy")
            let run = await LabRun.run(".lab failing-fills --requests 300 --products 50 --db-latency 0 --seed 7 --allow-config", on: server)
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let model = reads(seed: 7, requests: 300, products: 50)
            let distinct = Set(model).count
            #expect(distinct > 1 && distinct < 300)
            #expect(try run.number("distinct_keys") == Double(distinct))
            // Fills that work: one query and one fill per distinct product, the rest hits.
            #expect(try run.number("working.backend_queries") == Double(distinct))
            #expect(try run.number("working.fills_sent") == Double(distinct))
            #expect(try run.number("working.hits") == Double(300 - distinct))
            #expect(try run.number("working.failed_fills") == 0)
            #expect(try run.number("working.server_oom_errors") == 0)
            #expect(try run.number("working.extra_backend_queries") == 0)
            // A full Redis: every read misses, every fill is refused.
            for variant in ["naive", "awaited"] {
                let row = "full[variant=\(variant)]"
                #expect(try run.number("\(row).hits") == 0, "\(variant)")
                #expect(try run.number("\(row).fills_sent") == 300, "\(variant)")
                #expect(try run.number("\(row).failed_fills") == 300, "\(variant)")
                // The server counted the same refusals.
                #expect(try run.number("\(row).server_oom_errors") == 300, "\(variant)")
                #expect(try run.number("\(row).backend_queries") == 300, "\(variant)")
                #expect(try run.number("\(row).extra_backend_queries") == Double(300 - distinct), "\(variant)")
            }
            // Only awaiting sees them.
            #expect(try run.number("full[variant=naive].failed_fills_seen") == 0)
            #expect(try run.number("full[variant=awaited].failed_fills_seen") == 300)
            #expect(
                try run.report.map { try ReportPath("full[variant=awaited].first_error").resolve(in: $0) }?.text.hasPrefix("OOM") == true)
            #expect(
                run.flatOutput.contains(
                    "The tutorial's fire-and-forget SET failed 300 of 300 times on a full Redis and the application saw none of them"),
                "\(run.output)")
            #expect(run.flatOutput.contains("\(300 - distinct) more than one per product"))
            // Settings back, keys gone, the application's key kept.
            #expect(try await config(client, "maxmemory") == "0")
            #expect(try await config(client, "maxmemory-policy") == policy)
            #expect(try await client.call("DBSIZE") == .integer(1))
            #expect(try await client.call("SET", "app:after", "1") == .simpleString("OK"))
            await client.close()
        }
    }

    @Test func aNamedServerIsRefusedWithoutAllowConfig() async throws {
        try await ServerFixture.withServer { server async throws in
            let run = await LabRun.run(".lab failing-fills --quick", on: server)
            guard case .usage(let message)? = run.result.failure else {
                Issue.record("\(String(describing: run.result.failure))")
                return
            }
            #expect(message.contains("--allow-config") && message.contains("--local"))
        }
    }

    @Test func optionsAreBoundedAndTTLIsWholeSeconds() throws {
        let entry = try #require(LabCatalog.named("failing-fills"))
        #expect(entry.problem(["--requests", "0"])?.contains("from 1 to 1000000") == true)
        #expect(entry.problem(["--products", "1000001"])?.contains("from 1 to 1000000") == true)
        #expect(entry.problem(["--ttl", "1.5s"])?.contains("whole seconds") == true)
        #expect(entry.problem(["--ttl", "0s"]) != nil)
        #expect(entry.problem(["--db-latency", "1001"]) != nil)
        #expect(entry.problem(["--variant", "naive"]) == nil)
    }

    private func report(failed: Int) -> FailingFillsReport {
        var report = FailingFillsReport(requests: 100, products: 20, distinctKeys: 15, ttlSeconds: 3600, maxmemory: 1)
        var working = FillRunResult(variant: .naive, serverFull: false)
        working.backendQueries = 15
        working.fillsSent = 15
        report.working = working
        for variant in FillVariant.allCases {
            var result = FillRunResult(variant: variant, serverFull: true)
            result.fillsSent = 100
            result.failedFills = failed
            result.failedFillsSeen = variant == .awaited ? failed : 0
            result.backendQueries = failed > 0 ? 100 : 15
            result.extraBackendQueries = result.backendQueries - 15
            result.firstError = failed > 0 && variant == .awaited ? "OOM command not allowed" : nil
            report.full.append(result)
        }
        return report
    }

    @Test func theSentencesFollowTheCountedFailures() {
        let failing = FailingFillsExplanation.sentences(report(failed: 100)).joined(separator: " ")
        #expect(failing.contains("With fills that work the database ran 15 queries for 15 distinct products."))
        #expect(
            failing.contains(
                "The tutorial's fire-and-forget SET failed 100 of 100 times on a full Redis and the application saw none of them"))
        #expect(failing.contains("100 queries, 85 more than one per product"))
        #expect(failing.contains("Awaiting the SET saw 100 of its 100 failed fills as errors (OOM command not allowed)"))
        let none = FailingFillsExplanation.sentences(report(failed: 0)).joined(separator: " ")
        #expect(!none.contains("saw none"))
        #expect(!none.contains("as errors"))
        #expect(none.contains("The tutorial's fire-and-forget SET: no fill failed on the full server (100 fills sent)."))
    }
}
