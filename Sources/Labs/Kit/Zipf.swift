#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zipf-distributed ranks over `1...count`: rank k is drawn with probability proportional to
/// 1/k^s. Popular keys are few: with s = 1 and 10 000 items the top 1 % take about half the
/// draws. Exact (a cumulative table and a binary search), so a seed replays the same ranks.
public struct Zipf: Sendable {
    public let count: Int
    public let exponent: Double
    private let cumulative: [Double]

    public init(count: Int, exponent: Double) {
        precondition(count > 0, "Zipf needs at least one item")
        self.count = count
        self.exponent = exponent
        var running = 0.0
        var table: [Double] = []
        table.reserveCapacity(count)
        for rank in 1...count {
            running += 1 / Self.power(Double(rank), exponent)
            table.append(running)
        }
        cumulative = table.map { $0 / running }
    }

    /// A rank in `1...count`.
    public func next(using generator: inout SeededGenerator) -> Int {
        let u = generator.nextUnit()
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > u { high = middle } else { low = middle + 1 }
        }
        return low + 1
    }

    /// The probability of `rank`.
    public func probability(of rank: Int) -> Double {
        rank == 1 ? cumulative[0] : cumulative[rank - 1] - cumulative[rank - 2]
    }

    static func power(_ x: Double, _ y: Double) -> Double {
        y == 1 ? x : pow(x, y)
    }
}
