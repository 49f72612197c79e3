// Benchmark of RESPDecoder, built by scripts/bench-decoder together with Sources/RESP/*.swift
// into one module (so there is no `import RESP`).
//
//   decoder-bench generate DIR        writes the corpora bulk.resp, ints.resp, mix3.resp, mix2.resp
//   decoder-bench run NAME FILE RUNS  decodes FILE RUNS times, fed in 16 KiB chunks as a network
//                                     reader would, and prints: NAME bytes replies median-seconds checksum
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct DecoderBench {
    static let chunkSize = 16 * 1024

    static func main() {
        let arguments = CommandLine.arguments
        switch arguments.dropFirst().first {
        case "generate" where arguments.count == 3:
            generate(into: arguments[2])
        case "run" where arguments.count == 5:
            guard let runs = Int(arguments[4]), runs > 0 else { usage() }
            run(name: arguments[2], path: arguments[3], runs: runs)
        default:
            usage()
        }
    }

    static func usage() -> Never {
        fputs("usage: decoder-bench generate DIR | run NAME FILE RUNS\n", stderr)
        exit(2)
    }

    // MARK: - Corpora

    /// The same corpora every time (fixed seed), so numbers are comparable between runs.
    static func generate(into directory: String) {
        var rng = SplitMix64(seed: 0x5245_5350)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

        // (1) 1,000,000 bulk strings of 16 bytes: GET replies.
        var bulk: [UInt8] = []
        bulk.reserveCapacity(1_000_000 * 24)
        for _ in 0..<1_000_000 {
            let payload = (0..<16).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            RESPEncoder.append(.bulk(payload), to: &bulk)
        }
        write(bulk, to: directory + "/bulk.resp")

        // (2) 100,000 arrays of 100 integers of mixed magnitude.
        var ints: [UInt8] = []
        for _ in 0..<100_000 {
            let items: [RESPValue] = (0..<100).map { _ in
                let digits = Int(rng.next() % 12) + 1
                var number = Int64(rng.next() % UInt64(pow(10, Double(digits))))
                if rng.next() % 10 == 0 { number = -number }
                return .integer(number)
            }
            RESPEncoder.append(.array(items), to: &ints)
        }
        write(ints, to: directory + "/ints.resp")

        // (3) 200,000 RESP3 maps: a double score and a set of three members. mix2 is the same
        // data as a RESP2 server sends it (map -> flat array, double -> bulk, set -> array),
        // for decoders that only speak RESP2.
        var mix3: [UInt8] = []
        var mix2: [UInt8] = []
        for i in 0..<200_000 {
            let score =
                i % 2 == 0
                ? Double(rng.next() % 10_000_000) / 1000
                : Double(rng.next() >> 11) * 0x1p-53 * 1e6
            let tags = (0..<3).map { _ in
                Array("tag:".utf8) + (0..<Int(rng.next() % 8 + 1)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            }
            RESPEncoder.append(
                .map([
                    RESPPair(.bulk("score"), .double(score)),
                    RESPPair(.bulk("tags"), .set(tags.map { .bulk($0) })),
                ]), to: &mix3)
            RESPEncoder.append(
                .array([
                    .bulk("score"), .bulk(RESPEncoder.formatDouble(score)),
                    .bulk("tags"), .array(tags.map { .bulk($0) }),
                ]), to: &mix2)
        }
        write(mix3, to: directory + "/mix3.resp")
        write(mix2, to: directory + "/mix2.resp")
    }

    static func write(_ bytes: [UInt8], to path: String) {
        guard let file = fopen(path, "wb") else { fail("cannot write \(path)") }
        defer { fclose(file) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else { fail("short write to \(path)") }
    }

    static func read(_ path: String) -> [UInt8] {
        guard let file = fopen(path, "rb") else { fail("cannot read \(path)") }
        defer { fclose(file) }
        fseek(file, 0, SEEK_END)
        let size = ftell(file)
        fseek(file, 0, SEEK_SET)
        var bytes = [UInt8](repeating: 0, count: size)
        let count = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, file) }
        guard count == size else { fail("short read from \(path)") }
        return bytes
    }

    static func fail(_ message: String) -> Never {
        fputs("decoder-bench: \(message)\n", stderr)
        exit(1)
    }

    // MARK: - Decoding

    static func run(name: String, path: String, runs: Int) {
        let corpus = read(path)
        var times: [Double] = []
        var replies = 0
        var checksum = 0
        for _ in 0..<runs {
            let start = now()
            (replies, checksum) = decodeAll(corpus)
            times.append(now() - start)
        }
        times.sort()
        let median = times[times.count / 2]
        print("\(name) \(corpus.count) \(replies) \(median) \(checksum)")
    }

    /// Feeds `corpus` in 16 KiB chunks the way a network reader does: append the chunk to a
    /// buffer, decode replies from the front of the unread bytes until the decoder needs more,
    /// then drop the consumed bytes.
    @inline(never)
    static func decodeAll(_ corpus: [UInt8]) -> (replies: Int, checksum: Int) {
        var decoder = RESPDecoder()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4 * chunkSize)
        var replies = 0
        var checksum = 0
        corpus.withUnsafeBytes { all in
            var offset = 0
            while offset < all.count {
                let end = min(offset + chunkSize, all.count)
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: all[offset..<end]))
                offset = end
                var consumed = 0
                do {
                    // As RedisChannelHandler reads: bulk payloads are views of `buffer`.
                    while let (value, used) = try decoder.decode(buffer, from: consumed) {
                        consumed += used
                        replies += 1
                        checksum &+= weight(value)
                    }
                } catch {
                    fail("\(error) after \(replies) replies")
                }
                buffer.removeSubrange(0..<consumed)
            }
        }
        guard buffer.isEmpty else { fail("\(buffer.count) bytes left over") }
        return (replies, checksum)
    }

    /// Something cheap that depends on each reply, so the work cannot be optimised away
    /// (the C driver computes the same).
    static func weight(_ value: RESPValue) -> Int {
        switch value {
        case .bulkString(let bytes): return bytes.count
        case .array(let items), .set(let items), .push(let items): return items.count
        case .map(let pairs): return pairs.count * 2
        default: return 1
        }
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
