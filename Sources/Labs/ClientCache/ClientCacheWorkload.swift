/// Who reads and writes which keys, in which order, fixed by the seed: per round the
/// writer's keys, then each reader's. Reads follow a Zipf law (a few hot keys), writes are
/// uniform, so hot keys are both cached often and changed now and then.
struct ClientCacheWorkload: Sendable {
    struct Round: Sendable {
        /// Key indexes the writer changes, in order.
        var writes: [Int]
        /// For each reader, the key indexes it reads, in order.
        var reads: [[Int]]
    }

    var rounds: [Round]

    init(keys: Int, readers: Int, rounds: Int, readsPerRound: Int, writesPerRound: Int, generator: SeededGenerator) {
        var generator = generator
        let zipf = Zipf(count: keys, exponent: 1)
        self.rounds = (0..<rounds).map { _ in
            let writes = (0..<writesPerRound).map { _ in generator.index(below: keys) }
            let reads = (0..<readers).map { _ in (0..<readsPerRound).map { _ in zipf.next(using: &generator) - 1 } }
            return Round(writes: writes, reads: reads)
        }
    }

    var readCount: Int { rounds.reduce(0) { $0 + $1.reads.reduce(0) { $0 + $1.count } } }
    var writeCount: Int { rounds.reduce(0) { $0 + $1.writes.count } }
}
