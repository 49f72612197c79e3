import ArgumentParser
import Labs

/// `rwb lab failover` options.
public struct FailoverOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Concurrent writers, each with its own cluster client.")
    var writers = 8

    @Option(parsing: .unconditional, help: "Key groups (hash tags) over every slot; each write is a fresh key in one (each writer owns its share).")
    var keys = 1000

    @Option(help: "Writing before the crash (default 2s, --quick 1s).")
    var before: DurationArgument?

    @Option(help: "Writing after a replica took over (default 2s, --quick 1s).")
    var after: DurationArgument?

    @Option(name: .customLong("wait-timeout"), help: "The timeout of WAIT 1 after each write in the wait run.")
    var waitTimeout = DurationArgument(seconds: 0.1)

    @Option(name: .customLong("replica-lag"), help: "Cut the replica that will take over off its master this long (CLIENT KILL TYPE master, DEBUG SLEEP) and crash the master half-way through: acknowledged writes then never reach it (0: no lag).")
    var replicaLag = DurationArgument(seconds: 0)

    @Option(help: "no-wait, wait, or both.")
    var mode = "both"

    @Option(help: "What is crashed: cluster (a master of 3), sentinel (one master and one replica under three Sentinels), or both.")
    var deployment = "both"

    public init() {}

    public func validate() throws {
        _ = try modes()
        _ = try deployments()
        if !(1...256).contains(writers) { throw ValidationError("--writers \(writers): from 1 to 256") }
        if !(1...1_000_000).contains(keys) { throw ValidationError("--keys \(keys): from 1 to 1000000") }
        for (name, value) in [("--before", before), ("--after", after)] {
            if let value, !(0.1...600).contains(value.seconds) { throw ValidationError("\(name) \(value): from 100ms to 600s") }
        }
        if !(0.001...10).contains(waitTimeout.seconds) { throw ValidationError("--wait-timeout \(waitTimeout): from 1ms to 10s") }
        if !(0...10).contains(replicaLag.seconds) { throw ValidationError("--replica-lag \(replicaLag): from 0 to 10s") }
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
            text += "Redis Cluster: \(report.writers) writers, each write a fresh key in one of \(Format.grouped(report.keys)) hash-tagged groups over all 16384 slots of a throwaway cluster "
                + "(\(report.masters) masters, \(report.replicasPerMaster) replica each, node timeout 2s); one master crashed with SIGKILL per run.\n\n"
            text += runsTable(report.runs, style: style)
            for run in report.runs {
                var shards = TextTable(["shard", "slots", "master before", "master after", "no answer", "errors"])
                for shard in run.shards {
                    shards.add([
                        String(shard.shard), shard.slots, shard.masterBefore, shard.masterAfter, "\(Format.grouped(shard.unavailableMs)) ms",
                        Format.grouped(shard.clientErrors),
                    ])
                }
                text += "\nShards, \(run.mode) run\n" + shards.render(style: style)
            }
        }
        if !report.sentinelRuns.isEmpty {
            text += (text.isEmpty ? "" : "\n") + "Sentinel: the same writers and keys on one master with one replica, watched by three Sentinels "
                + "(quorum 2, down-after 1s), whose elected leader promotes the replica; clients ask them for the master again after each lost connection.\n\n"
            text += runsTable(report.sentinelRuns, style: style)
        }
        text += "\nWhat this shows\n" + Format.wrap(explanation(report), width: min(style.width, 100), indent: "") + "\n"
        return text
    }

    static func runsTable(_ runs: [FailoverRun], style: TextStyle) -> String {
        var table = TextTable(["run", "crashed", "writes", "acked", "unconfirmed", "errors", "acked lost", "failover", "down", "p50 write", "p99 write"])
        for run in runs {
            table.add([
                run.mode, run.killedNode, Format.grouped(run.writesAttempted), Format.grouped(run.ackedWrites), Format.grouped(run.unconfirmedWrites),
                Format.grouped(run.clientErrors), Format.grouped(run.lostWrites), "\(Format.grouped(run.failoverMs)) ms",
                "\(Format.grouped(run.unavailableMs)) ms", "\(Format.number(run.p50WriteMs)) ms", "\(Format.number(run.p99WriteMs)) ms",
            ])
        }
        return table.render(style: style)
    }

    /// The paragraph under the tables, from the report's numbers.
    static func explanation(_ report: FailoverReport) -> String {
        var sentences: [String] = []
        if let run = report.runs.first(where: { $0.mode == "no-wait" }) {
            let others = run.shards.filter { $0.masterBefore != run.killedNode }.map(\.unavailableMs)
            let othersText = (others.max() ?? 0) == 0
                ? "the other shards kept answering."
                : "the other shards, whose masters were fine, answered nothing for \(Format.grouped(others.min() ?? 0))–\(Format.grouped(others.max() ?? 0)) ms too: "
                    + "once a slot has no master the cluster state is fail, and with cluster-require-full-coverage yes (the default) every node refuses every key until the replica takes over."
            sentences.append(
                "Without WAIT the crashed master's shard answered nothing for \(Format.grouped(run.unavailableMs)) ms "
                    + "(a replica took over \(Format.grouped(run.failoverMs)) ms after the crash: the node timeout, then an election); "
                    + othersText + " \(Format.count(run.clientErrors, "write")) failed meanwhile, and of "
                    + "\(Format.grouped(run.ackedWrites)) acknowledged writes \(Format.grouped(run.lostWrites)) "
                    + (run.lostWrites == 0
                        ? "were missing afterwards: the replica had every write the master acknowledged before it died, which on loopback is the usual case, not a promise."
                        : "were missing afterwards (in \(Format.count(run.keyGroupsWithLoss, "key group"))): the master acknowledged them before its replica had them, which asynchronous replication allows."))
        }
        if let run = report.runs.first(where: { $0.mode == "wait" }) {
            let noWait = report.runs.first { $0.mode == "no-wait" }
            var sentence = "With WAIT 1 after each write, \(Format.grouped(run.ackedWrites)) writes were confirmed by a replica and "
                + "\(Format.grouped(run.lostWrites)) of those were lost"
            sentence += run.unconfirmedWrites > 0
                ? "; \(Format.grouped(run.unconfirmedWrites)) got OK from a master that no replica confirmed in time (after the failover the new master has none), which a careful client treats as not durable."
                : "."
            sentences.append(sentence)
            if let noWait, noWait.p99WriteMs > 0 {
                sentences.append(
                    "The price is latency: p99 of a confirmed write was \(Format.number(run.p99WriteMs)) ms against \(Format.number(noWait.p99WriteMs)) ms without WAIT"
                        + " (\(Format.number(run.p99WriteMs / noWait.p99WriteMs))×). WAIT narrows the window for loss; it does not make a write durable if the replica dies too.")
            }
        }
        if let run = report.sentinelRuns.first(where: { $0.mode == "no-wait" }) {
            sentences.append(
                "Under Sentinel the master answered nothing for \(Format.grouped(run.unavailableMs)) ms (promotion \(Format.grouped(run.failoverMs)) ms after the crash: "
                    + "down-after 1s, then the vote and the switch), \(Format.count(run.clientErrors, "write")) failed, and \(Format.grouped(run.lostWrites)) of "
                    + "\(Format.grouped(run.ackedWrites)) acknowledged writes were lost\(report.sentinelRuns.contains { $0.mode == "wait" } ? "; with WAIT, \(Format.grouped(report.sentinelRuns.first { $0.mode == "wait" }?.lostWrites ?? 0))" : "").")
        }
        return sentences.joined(separator: " ")
    }
}
