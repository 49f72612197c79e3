import Labs
import RESP
import RedisClient
import TestSupport
import Testing
import Workbench

@testable import Labs

/// The cache-aside lab's counted figures against counts made without it: the requests its
/// clients draw, replayed here from the seed, and the commands the server says it ran.
@Suite(.needsRedis) struct CacheAsideCountTests {
    /// The steady workload's reads for ids past the catalogue, replayed as the lab's clients
    /// draw them: client `n` draws from stream `n` of the seed, and takes its share of the
    /// planned requests (the `--quick` catalogue: 1,000 products, Zipf 1, 2% missing ids,
    /// 10% featured; `--write-ratio 0`, so no draw is spent on a price).
    static func missingReads(seed: UInt64, clients: Int, requests: Int, products: Int = 1000) -> Int {
        missingIds(seed: seed, clients: clients, requests: requests, products: products).count
    }

    /// The same reads' ids, in order, repeats included.
    static func missingIds(seed: UInt64, clients: Int, requests: Int, products: Int = 1000) -> [Int] {
        let workload = Workload(
            products: products, zipf: Zipf(count: products, exponent: 1.0), writeRatio: 0, missingRatio: 0.02, featuredRatio: 0.1)
        var missing: [Int] = []
        for number in 0..<clients {
            let share = requests / clients + (number < requests % clients ? 1 : 0)
            var generator = SeededGenerator(seed: seed).split(UInt64(number))
            for _ in 0..<share {
                if case .product(let id) = workload.next(using: &generator), id > products { missing.append(id) }
            }
        }
        return missing
    }

    static func rounded(_ value: Double, _ places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }

    /// commands_per_request, one strategy at a time, against INFO commandstats. The cache is
    /// warmed with every product and the featured list (1,001 SETs), the TTL is 60 s and
    /// nothing is written, so only reads of missing ids miss. By hand: none sends nothing;
    /// xfetch a GET a read (a missing row is never cached, so nothing is SET); naive, as the
    /// tutorial, a GET a read and a SET of "null" for each distinct missing id;
    /// lock and swr on a miss also SET NX the lock, GET again and EVALSHA the release: 1 +
    /// 3·missing/requests. The server counts the release script's own GET and DEL too, one
    /// GET per EVALSHA, so the clients' commands are Δget − Δevalsha + Δset − 1,001 + Δevalsha.
    @Test(arguments: CacheStrategy.allCases)
    func commandsPerRequestAreTheCommandsTheServerRan(strategy: CacheStrategy) async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let requests = 400.0
            let before = try await CommandCalls.read(client)
            let run = await LabRun.run(
                ".lab cache-aside --quick --clients 1 --requests 400 --write-ratio 0 --seed 7 --strategy \(strategy.rawValue)", on: server)
            let after = try await CommandCalls.read(client)
            await client.close()
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let missing = Double(Self.missingReads(seed: 7, clients: 1, requests: 400))
            let distinctMissing = Double(Set(Self.missingIds(seed: 7, clients: 1, requests: 400)).count)
            #expect(missing > 0)
            let perRequest = try run.number("strategies.\(strategy.rawValue).commands_per_request")
            let warmed = strategy.caches ? 1001.0 : 0
            let sent = after.since(before, "get") + after.since(before, "set") - warmed
            #expect(abs(perRequest * requests - sent) < 0.5, "\(strategy): \(perRequest) a request, the server ran \(sent)")
            let byHand: Double
            switch strategy {
            case .none: byHand = 0
            case .naive: byHand = 1 + distinctMissing / requests
            case .xfetch: byHand = 1
            case .lock, .swr: byHand = 1 + 3 * missing / requests
            }
            #expect(perRequest == Self.rounded(byHand, 3), "\(strategy)")
            #expect(after.since(before, "evalsha") == (strategy == .lock || strategy == .swr ? missing : 0), "\(strategy)")
        }
    }

    /// XFetch takes no lock: every read is one GET, and every read not answered from the cache
    /// (a miss, or a recomputation drawn early) is one query followed by one SET. So the
    /// server's SETs are the database's queries plus the hot key's warm-up, and the hits are
    /// the reads less the queries.
    @Test func xfetchRecomputationsAreTheSetsTheServerRan() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let before = try await CommandCalls.read(client)
            let run = await LabRun.run(".lab cache-aside --quick --scenario stampede --clients 8 --strategy xfetch --seed 3", on: server)
            let after = try await CommandCalls.read(client)
            await client.close()
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let requests = try run.number("strategies.xfetch.requests")
            let queries = try run.number("strategies.xfetch.backend_queries")
            #expect(queries >= 2, "\(run.output)")
            #expect(after.since(before, "get") == requests)
            #expect(after.since(before, "set") == queries + 1)
            // hit_ratio is rounded to 4 places.
            let hitRatio = try run.number("strategies.xfetch.hit_ratio")
            #expect(
                abs(hitRatio * requests - (requests - queries)) <= requests * 0.00005 + 1e-9,
                "\(hitRatio) of \(requests), \(queries) queries")
            let perRequest = try run.number("strategies.xfetch.commands_per_request")
            #expect(abs(perRequest * requests - (requests + queries)) <= requests * 0.0005 + 1e-9)
        }
    }

    /// SWR after the soft expiry: each read served stale tries the refresh lock once (SET NX),
    /// the one that wins runs a refresh (one query, one SET) and releases by EVALSHA (whose
    /// script the server counts as a GET and a DEL more). With no hard miss (every query is
    /// a refresh), the server's counts follow from served_stale and refreshes alone.
    @Test func swrStaleReadsAndRefreshesAreWhatTheServerRan() async throws {
        try await ServerFixture.withServer { server async throws in
            let client = ServerFixture.client(server)
            let before = try await CommandCalls.read(client)
            let run = await LabRun.run(".lab cache-aside --quick --scenario stampede --clients 8 --strategy swr --seed 3", on: server)
            let after = try await CommandCalls.read(client)
            await client.close()
            #expect(run.result.ok, "\(run.result.failure?.message ?? "") \(run.errors)")
            let requests = try run.number("strategies.swr.requests")
            let refreshes = try run.number("strategies.swr.refreshes")
            let stale = try run.number("strategies.swr.served_stale")
            #expect(refreshes >= 2 && stale >= refreshes, "\(run.output)")
            #expect(try run.number("strategies.swr.backend_queries") == refreshes, "\(run.output)")
            #expect(after.since(before, "evalsha") == refreshes)
            #expect(after.since(before, "set") == stale + refreshes + 1)
            #expect(after.since(before, "get") == requests + refreshes)
            #expect(after.since(before, "del") == refreshes - (try run.number("strategies.swr.locks_expired_while_held")))
            // Every read came from the cache, fresh or stale.
            #expect(try run.number("strategies.swr.hit_ratio") == 1)
            let perRequest = try run.number("strategies.swr.commands_per_request")
            #expect(abs(perRequest * requests - (requests + stale + 2 * refreshes)) <= requests * 0.0005 + 1e-9)
        }
    }
}
