import Testing

@testable import Labs

@Suite struct SeededGeneratorTests {
    @Test func theSameSeedDrawsTheSameNumbers() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
        // SplitMix64's published first output for seed 0 (the reference implementation).
        var zero = SeededGenerator(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func drawsBelowABoundStayInsideAndCoverIt() {
        var generator = SeededGenerator(seed: 7)
        var seen = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { seen[generator.index(below: 6)] += 1 }
        // Each face within 3% of a sixth: a biased draw would tilt the low ones.
        for count in seen { #expect(abs(count - 10_000) < 300, "\(seen)") }
        #expect(generator.next(below: 1) == 0)
    }

    @Test func unitDrawsAreInTheHalfOpenInterval() {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<10_000 {
            let u = generator.nextUnit()
            #expect(u >= 0 && u < 1)
        }
    }

    @Test func splitStreamsDifferFromEachOtherAndRepeat() {
        let base = SeededGenerator(seed: 9)
        var one = base.split(1)
        var two = base.split(2)
        var oneAgain = base.split(1)
        let first = one.next()
        #expect(first != two.next())
        #expect(first == oneAgain.next())
    }
}

@Suite struct ZipfTests {
    @Test func probabilitiesSumToOneAndFallWithRank() {
        let zipf = Zipf(count: 100, exponent: 1)
        let total = (1...100).map(zipf.probability(of:)).reduce(0, +)
        #expect(abs(total - 1) < 1e-9)
        #expect(zipf.probability(of: 1) > zipf.probability(of: 2))
        // 1/H(100) for s = 1: the harmonic number H(100) = 5.18737751763962.
        #expect(abs(zipf.probability(of: 1) - 1 / 5.18737751763962) < 1e-12)
    }

    @Test func samplesFollowTheDistribution() {
        let zipf = Zipf(count: 50, exponent: 1.2)
        var generator = SeededGenerator(seed: 11)
        var counts = [Int](repeating: 0, count: 51)
        let draws = 200_000
        for _ in 0..<draws { counts[zipf.next(using: &generator)] += 1 }
        for rank in [1, 2, 5, 20] {
            let expected = zipf.probability(of: rank) * Double(draws)
            #expect(abs(Double(counts[rank]) - expected) < 4 * expected.squareRoot() + 10, "rank \(rank)")
        }
        #expect(counts[0] == 0)
    }

    @Test func exponentZeroIsUniform() {
        let zipf = Zipf(count: 4, exponent: 0)
        for rank in 1...4 { #expect(abs(zipf.probability(of: rank) - 0.25) < 1e-12) }
    }
}
