import Testing

@testable import Labs

@Suite struct CacheAsideUnitTests {
    @Test func theVersionIsReadFromTheCachedJSON() {
        let product = Product(id: 7, name: "Product 7", category: "toys", priceCents: 1299, featured: true, score: 5, version: 12)
        #expect(product.json.hasPrefix(#"{"version":12,"id":7,"#))
        #expect(Product.version(ofJSON: Array(product.json.utf8)) == 12)
        #expect(Product.version(ofJSON: Array("[]".utf8)) == nil)
        #expect(Product.version(ofJSON: Array(#"{"version":}"#.utf8)) == nil)
    }

    @Test func envelopesRoundTrip() throws {
        let payload = Array(#"{"version":1}"#.utf8)
        let xfetch = try #require(Envelope(Envelope.xfetch(delta: .milliseconds(5), expiry: .seconds(61), payload: payload)))
        guard case .xfetch(let delta, let expiry) = xfetch.header else {
            Issue.record("not an xfetch header")
            return
        }
        #expect(delta == .milliseconds(5) && expiry == .seconds(61) && xfetch.payload == payload)
        let swr = try #require(Envelope(Envelope.swr(freshUntil: .microseconds(1_500_000), payload: payload)))
        guard case .swr(let fresh) = swr.header else {
            Issue.record("not an swr header")
            return
        }
        #expect(fresh == .microseconds(1_500_000) && swr.payload == payload)
        #expect(Envelope(Array("no header".utf8)) == nil)
        #expect(Envelope(Array("q1|x".utf8)) == nil)
    }

    @Test func workloadsReplayForTheSameSeed() {
        let workload = Workload(products: 100, zipf: Zipf(count: 100, exponent: 1), writeRatio: 0.1, missingRatio: 0.1, featuredRatio: 0.1)
        var a = SeededGenerator(seed: 5)
        var b = SeededGenerator(seed: 5)
        let first = (0..<500).map { _ in workload.next(using: &a) }
        #expect(first == (0..<500).map { _ in workload.next(using: &b) })
        let missing = first.filter { if case .product(let id) = $0 { return id > 100 } else { return false } }.count
        let updates = first.filter { if case .update = $0 { return true } else { return false } }.count
        #expect((30...70).contains(updates))
        #expect((25...65).contains(missing))
    }
}
