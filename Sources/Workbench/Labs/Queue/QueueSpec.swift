import ArgumentParser
import Labs

extension CrashPoint: ExpressibleByArgument {}

/// `rwb lab queue` options.
public struct QueueOptions: ParsableArguments {
    @Option(help: "brpop, lmove, stream, or all.")
    var designs = "all"

    @Option(parsing: .unconditional, help: "Messages the producer sends (default 2000, --quick 500).")
    var messages: Int?

    @Option(parsing: .unconditional, help: "Consumers, each on a connection of its own.")
    var consumers = 4

    @Option(
        parsing: .unconditional,
        help: "Messages (chosen by the seed) whose consumer dies before acknowledging them (default 10, --quick 6).")
    var kills: Int?

    @Option(
        name: .customLong("crash-at"),
        help: "Where a consumer dies: received (before the work), processed (after it, before LREM/XACK), or both (alternating).")
    var crashAt: CrashPoint?

    @Option(name: .customLong("claim-idle"), parsing: .unconditional, help: "XAUTOCLAIM's min-idle-time for the stream (default 100ms).")
    var claimIdle: DurationArgument?

    public init() {}

    public func validate() throws {
        let designs = try designList()
        try OptionBounds.check("--messages", messages, 1...1_000_000)
        try OptionBounds.check("--consumers", consumers, 1...64)
        try OptionBounds.check("--kills", kills, 0...1_000_000)
        try OptionBounds.check("--claim-idle", claimIdle, 0.001...60)
        if kills == 0, crashAt != nil { throw ValidationError("--crash-at: with --kills 0 no consumer dies") }
        if claimIdle != nil, !designs.contains(.stream) {
            throw ValidationError("--claim-idle: only the stream design uses XAUTOCLAIM; add stream to --designs")
        }
    }

    func designList() throws -> [QueueDesign] {
        try NameList.parse("--designs", designs, choices: QueueDesign.allCases, name: \.rawValue)
    }
}

/// `rwb lab queue`: options to configuration, report to text.
public enum QueueSpec: LabSpec {
    public static func lab(from options: QueueOptions, quick: Bool) throws -> QueueLab {
        let messages = options.messages ?? (quick ? 500 : 2000)
        let kills = options.kills ?? min(messages, quick ? 6 : 10)
        guard kills <= messages else { throw ValidationError("--kills \(kills): at most one per message (--messages \(messages))") }
        let claimIdle = options.claimIdle?.seconds ?? 0.1
        return QueueLab(
            designs: try options.designList(), messages: messages, consumers: options.consumers, kills: kills,
            crashAt: options.crashAt ?? .both, claimIdleMs: max(1, Int((claimIdle * 1000).rounded())))
    }

    public static func render(_ report: QueueReport, style: TextStyle) -> String {
        var text =
            "\(Format.grouped(report.messages)) messages, \(Format.count(report.consumers, "consumer")), "
            + "\(Format.count(report.kills, "consumer")) killed (connection closed) \(crashWhere(report.crashAt)); "
            + "blocking reads of \(report.blockMs) ms, XAUTOCLAIM min-idle-time \(report.claimIdleMs) ms.\n\n"
        var table = TextTable([
            "design", "produced", "processed", "lost", "duplicates", "crashes", "held for the dead", "recovered", "cmds/msg", "msg/s",
        ])
        for result in report.designs {
            table.add([
                result.design.rawValue, Format.grouped(result.produced), Format.grouped(result.processed), Format.grouped(result.lost),
                Format.grouped(result.duplicates), Format.grouped(result.crashes), Format.grouped(result.heldBeforeRecovery),
                Format.grouped(result.recovered), Format.number(result.commandsPerMessage), Format.number(result.messagesPerSecond),
            ])
        }
        text += table.render(style: style)
        if let stream = report.designs.first(where: { $0.design == .stream }), stream.heldBeforeRecovery > 0 {
            text +=
                "\nstream: XPENDING counted \(Format.grouped(stream.heldBeforeRecovery)) pending before recovery; "
                + "the oldest had been idle \(stream.oldestIdleMs.map { "\(Format.grouped($0)) ms" } ?? "?") when XAUTOCLAIM "
                + "(min-idle-time \(report.claimIdleMs) ms) claimed \(Format.grouped(stream.recovered)); "
                + "\(Format.grouped(stream.heldAfterRecovery)) left pending.\n"
        }
        text += Format.whatThisShows(QueueExplanation.sentences(report), style: style)
        return text
    }

    static func crashWhere(_ point: CrashPoint) -> String {
        switch point {
        case .received: return "after receiving a message, before its work"
        case .processed: return "after a message's work, before acknowledging it"
        case .both: return "alternately before a message's work and after it, before acknowledging"
        }
    }
}
