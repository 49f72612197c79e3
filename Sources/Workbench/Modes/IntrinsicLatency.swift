/// `rwb --intrinsic-latency SECONDS`: how long this machine keeps a running process from
/// running, with no server involved, as redis-cli measures it: a few hundred bytes of work in
/// a tight loop, each run timed, every new worst run printed, and at the end the runs, their
/// average and how many times longer the worst one took. What it shows is the floor under
/// any latency a client on this machine will see (a VM's steal, a busy neighbour).
public struct IntrinsicLatency: Sendable {
    public var seconds: Int

    public init(seconds: Int) {
        self.seconds = seconds
    }

    public func run(output: OutputSink) -> Int32 {
        let clock = ContinuousClock()
        let begin = clock.now
        let end = begin + .seconds(seconds)
        var buffer = [UInt8](repeating: 0, count: 300)
        var runs: Int64 = 0
        var worst: Int64 = 0
        while true {
            let start = clock.now
            // Something to do that the optimiser cannot drop: the buffer is read at the end.
            for index in buffer.indices { buffer[index] = buffer[index] &+ UInt8(truncatingIfNeeded: index) ^ 0x5A }
            let now = clock.now
            let micros = (now - start).microseconds
            runs += 1
            if micros > worst {
                worst = micros
                output.line("Max latency so far: \(worst) microseconds.")
            }
            // Checked now and then: a cancellation check each run would be most of the run.
            if runs % 4096 == 0 && (now >= end || Task.isCancelled) { break }
        }
        keep(buffer)
        // Over the time it ran (redis-cli divides the planned time, even after a Ctrl-C).
        let averageMicros = (clock.now - begin).seconds * 1_000_000 / Double(runs)
        output.line("")
        output.line(
            "\(runs) total runs (avg latency: \(BenchResult.fixed(averageMicros, 4)) microseconds / \(BenchResult.fixed(averageMicros * 1000, 2)) nanoseconds per run)."
        )
        output.line("Worst run took \(BenchResult.fixed(Double(worst) / averageMicros, 0))x longer than the average latency.")
        return 0
    }
}

/// Uses its argument in a way the optimiser cannot see through, so the loop's work stays.
@_optimize(none)
private func keep(_ bytes: [UInt8]) {}
