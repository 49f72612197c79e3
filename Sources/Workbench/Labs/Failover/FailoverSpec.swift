import ArgumentParser
import Labs

/// `rwb lab failover` options.
public struct FailoverOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Concurrent writers, each with its own cluster client.")
    var writers = 8

    @Option(
        parsing: .unconditional,
        help: "Key groups (hash tags) over every slot; each write is a fresh key in one (each writer owns its share).")
    var keys = 1000

    @Option(parsing: .unconditional, help: "Writing before the crash (default 2s, --quick 1s).")
    var before: DurationArgument?

    @Option(parsing: .unconditional, help: "Writing after a replica took over (default 2s, --quick 1s).")
    var after: DurationArgument?

    @Option(name: .customLong("wait-timeout"), parsing: .unconditional, help: "The timeout of WAIT 1 after each write in the wait run.")
    var waitTimeout = DurationArgument(seconds: 0.1)

    @Option(
        name: .customLong("replica-lag"), parsing: .unconditional,
        help:
            "Cut the replica that will take over off its master this long (CLIENT KILL TYPE master, DEBUG SLEEP) and crash the master half-way through: acknowledged writes then never reach it (0: no lag)."
    )
    var replicaLag = DurationArgument(seconds: 0)

    @Option(help: "no-wait, wait, or both.")
    var mode = "both"

    @Option(help: "What is crashed: cluster (a master of 3), sentinel (one master and one replica under three Sentinels), or both.")
    var deployment = "both"

    public init() {}

    public func validate() throws {
        _ = try modes()
        _ = try deployments()
        try OptionBounds.check("--writers", writers, 1...256)
        try OptionBounds.check("--keys", keys, 1...1_000_000)
        try OptionBounds.check("--before", before, 0.1...600)
        try OptionBounds.check("--after", after, 0.1...600)
        try OptionBounds.check("--wait-timeout", waitTimeout, 0.001...10)
        try OptionBounds.check("--replica-lag", replicaLag, 0...10)
    }

    func deployments() throws -> [FailoverLab.Deployment] {
        switch deployment.lowercased() {
        case "both": return [.cluster, .sentinel]
        case "cluster": return [.cluster]
        case "sentinel": return [.sentinel]
        default: throw ValidationError("--deployment \(deployment): cluster, sentinel or both")
        }
    }

    func modes() throws -> [FailoverLab.Mode] {
        switch mode.lowercased() {
        case "both": return [.noWait, .wait]
        case "no-wait": return [.noWait]
        case "wait": return [.wait]
        default: throw ValidationError("--mode \(mode): no-wait, wait or both")
        }
    }
}

/// `rwb lab failover`: options to configuration, report to text.
public enum FailoverSpec: LabSpec {
    public static func lab(from options: FailoverOptions, quick: Bool) throws -> FailoverLab {
        let before = options.before?.seconds ?? (quick ? 1 : 2)
        let after = options.after?.seconds ?? (quick ? 1 : 2)
        return FailoverLab(
            writers: options.writers, keys: options.keys, beforeCrashMs: Int(before * 1000), afterFailoverMs: Int(after * 1000),
            waitTimeoutMs: max(1, Int(options.waitTimeout.seconds * 1000)), replicaLagMs: Int(options.replicaLag.seconds * 1000),
            modes: try options.modes(),
            deployments: try options.deployments())
    }

    public static func render(_ report: FailoverReport, style: TextStyle) -> String {
        var text = ""
        if !report.runs.isEmpty {
            let masters = setting(report.runs.map { Optional($0.masters) }) { Format.count($0, "master") }
            let replicas = setting(report.runs.map { Optional($0.replicasPerMaster) }) { Format.count($0, "replica") }
            let timeout = setting(report.runs.map(\.nodeTimeoutMs)) { "\(Format.grouped($0)) ms" }
            text +=
                "Redis Cluster: \(report.writers) writers, each write a fresh key in one of \(Format.grouped(report.keys)) hash-tagged groups over all 16384 slots of a throwaway cluster "
                + "(\(masters), \(replicas) each, node timeout \(timeout), as the nodes said); one master crashed with SIGKILL per run.\n\n"
            text += runsTable(report.runs, style: style)
            for run in report.runs {
                var shards = TextTable(["shard", "slots", "master before", "master after", "no answer", "errors"])
                for shard in run.shards {
                    shards.add([
                        String(shard.shard), shard.slots, shard.masterBefore, shard.masterAfter,
                        "\(Format.grouped(shard.unavailableMs)) ms",
                        Format.grouped(shard.clientErrors),
                    ])
                }
                text += "\nShards, \(run.mode) run\n" + shards.render(style: style)
            }
        }
        if !report.sentinelRuns.isEmpty {
            let replicas = setting(report.sentinelRuns.map { Optional($0.replicasPerMaster) }) { Format.count($0, "replica") }
            let quorum = setting(report.sentinelRuns.map(\.sentinelQuorum)) { String($0) }
            let downAfter = setting(report.sentinelRuns.map(\.sentinelDownAfterMs)) { "\(Format.grouped($0)) ms" }
            text +=
                (text.isEmpty ? "" : "\n")
                + "Sentinel: the same writers and keys on one master with \(replicas), watched by three Sentinels "
                + "(quorum \(quorum), down-after \(downAfter), as the Sentinels said), whose elected leader promotes a replica; clients ask them for the master again after each lost connection.\n\n"
            text += runsTable(report.sentinelRuns, style: style)
        }
        text += Format.whatThisShows(FailoverExplanation.sentences(report), style: style)
        return text
    }

    /// A setting as the runs read it: one value, the values run by run when the fresh
    /// deployments differed, or "not read".
    static func setting(_ values: [Int?], _ text: (Int) -> String) -> String {
        var distinct: [Int?] = []
        for value in values where !distinct.contains(value) { distinct.append(value) }
        return distinct.map { $0.map(text) ?? "not read" }.joined(separator: " / ")
    }

    static func runsTable(_ runs: [FailoverRun], style: TextStyle) -> String {
        var table = TextTable([
            "run", "crashed", "writes", "acked", "unconfirmed", "unconfirmed found", "errors", "acked lost", "read-back errors", "failover",
            "down",
            "p50 write", "p99 write",
        ])
        for run in runs {
            table.add([
                run.mode, run.killedNode, Format.grouped(run.writesAttempted), Format.grouped(run.ackedWrites),
                Format.grouped(run.unconfirmedWrites),
                Format.grouped(run.unconfirmedFound), Format.grouped(run.clientErrors), Format.grouped(run.lostWrites),
                Format.grouped(run.readBackErrors + run.unconfirmedReadBackErrors), "\(Format.grouped(run.failoverMs)) ms",
                "\(Format.grouped(run.unavailableMs)) ms", "\(Format.number(run.p50WriteMs)) ms", "\(Format.number(run.p99WriteMs)) ms",
            ])
        }
        return table.render(style: style)
    }
}
