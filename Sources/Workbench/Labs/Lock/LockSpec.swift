import ArgumentParser
import Labs

/// `rwb lab lock` options.
public struct LockOptions: ParsableArguments {
    @Option(help: "Variants: del-release, token-release, fencing, comma-separated, or all.")
    var variants = "all"

    @Option(parsing: .unconditional, help: "Workers contending for the lock, each a real connection (default 4, --quick 3).")
    var workers: Int?

    @Option(parsing: .unconditional, help: "Critical sections each worker runs, per variant and run (default 12, --quick 8).")
    var rounds: Int?

    @Option(parsing: .unconditional, help: "The lock's lease: SET … NX PX this.")
    var lease = DurationArgument(seconds: 0.1)

    @Option(
        parsing: .unconditional,
        help: "How long the critical section works between reading and writing the counter; shorter than the lease.")
    var work = DurationArgument(seconds: 0.01)

    @Option(parsing: .unconditional, help: "The pause (a GC pause, a stalled process) added to the work of the rounds that pause.")
    var pause = DurationArgument(seconds: 0.4)

    @Option(
        name: .customLong("pause-every"), parsing: .unconditional,
        help: "One round in every this many of each worker pauses (seeded which).")
    var pauseEvery = 4

    public init() {}

    public func validate() throws {
        _ = try variantList()
        try OptionBounds.check("--workers", workers, 2...64, "workers")
        try OptionBounds.check("--rounds", rounds, 1...10_000)
        try OptionBounds.check("--lease", lease, 0.001...60)
        try OptionBounds.check("--work", work, 0...10)
        try OptionBounds.check("--pause", pause, 0.001...60)
        try OptionBounds.check("--pause-every", pauseEvery, 1...10_000)
        for (name, value) in [("--lease", lease), ("--work", work), ("--pause", pause)] { _ = try Self.milliseconds(name, value) }
        // The control run must be one where the lock works: each section inside its lease.
        guard work.seconds < lease.seconds else {
            throw ValidationError("--work \(work): shorter than --lease \(lease), so that only the pauses outlive a lease")
        }
        if let rounds, pauseEvery > rounds {
            throw ValidationError("--pause-every \(pauseEvery): at most --rounds \(rounds), or no round would pause")
        }
    }

    func variantList() throws -> [LockVariant] {
        try NameList.parse("--variants", variants, choices: LockVariant.allCases, name: \.rawValue)
    }

    /// Whole milliseconds: the lease goes to Redis in PX, and every figure is in ms.
    static func milliseconds(_ option: String, _ value: DurationArgument) throws -> Int {
        let ms = (value.seconds * 1000).rounded()
        guard abs(value.seconds * 1000 - ms) < 1e-6 else { throw ValidationError("\(option) \(value): whole milliseconds") }
        return Int(ms)
    }
}

/// `rwb lab lock`: options to configuration, report to text.
public enum LockSpec: LabSpec {
    public static func lab(from options: LockOptions, quick: Bool) throws -> LockLab {
        let rounds = options.rounds ?? (quick ? 8 : 12)
        guard options.pauseEvery <= rounds else {
            throw ValidationError("--pause-every \(options.pauseEvery): at most the \(rounds) rounds, or no round would pause")
        }
        return LockLab(
            variants: try options.variantList(), workers: options.workers ?? (quick ? 3 : 4), rounds: rounds,
            leaseMs: try LockOptions.milliseconds("--lease", options.lease), workMs: try LockOptions.milliseconds("--work", options.work),
            pauseMs: try LockOptions.milliseconds("--pause", options.pause), pauseEvery: options.pauseEvery)
    }

    public static func render(_ report: LockReport, style: TextStyle) -> String {
        var text =
            "\(report.workers) workers × \(report.rounds) rounds: SET lock token NX PX \(report.leaseMs), read the counter (SQLite), "
            + "work \(report.workMs) ms, write it + 1, release. Paused run: one round in \(report.pauseEvery) of each worker "
            + "also pauses \(report.pauseMs) ms; control: no pauses.\n\n"
        var table = TextTable([
            "variant", "run", "pauses", "acquired", "violations", "max inside", "lock lost", "wrong DELs", "writes", "refused",
            "counter", "lost", "ms",
        ])
        for result in report.variants {
            for (name, outcome) in [("paused", result.paused), ("control", result.control)] {
                table.add([
                    result.variant.rawValue, name, Format.grouped(outcome.pauses), Format.grouped(outcome.acquisitions),
                    Format.grouped(outcome.violations), String(outcome.maxHolders), Format.grouped(outcome.lockLostWhileHeld),
                    Format.grouped(outcome.wrongDeletions), Format.grouped(outcome.writesAccepted),
                    Format.grouped(outcome.staleWritesRefused + outcome.staleReadsRefused), Format.grouped(outcome.finalCounter),
                    Format.grouped(outcome.lostIncrements), Format.grouped(outcome.elapsedMs),
                ])
            }
        }
        text += table.render(style: style)
        text +=
            "violations: entries that found another worker inside (counted by the workers); wrong DELs: releases that deleted "
            + "another worker's lock; refused: stale fencing tokens the counter's table turned away; lost: writes − counter.\n"
        text += Format.whatThisShows(LockExplanation.sentences(report), style: style)
        return text
    }
}
