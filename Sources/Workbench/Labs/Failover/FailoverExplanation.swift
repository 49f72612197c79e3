import Labs

/// "What this shows" for the failover lab, from its numbers.
enum FailoverExplanation {
    static func sentences(_ report: FailoverReport) -> [String] {
        var sentences: [String] = []
        if let run = report.runs.first(where: { $0.mode == "no-wait" }) {
            let others = run.shards.filter { $0.masterBefore != run.killedNode }.map(\.unavailableMs)
            let othersText =
                (others.max() ?? 0) == 0
                ? "the other shards kept answering."
                : "the other shards, whose masters were fine, answered nothing for \(Format.grouped(others.min() ?? 0))–\(Format.grouped(others.max() ?? 0)) ms too"
                    + coverageClause(run.clusterRequireFullCoverage)
            sentences.append(
                "Without WAIT the crashed master's shard answered nothing for \(Format.grouped(run.unavailableMs)) ms "
                    + "(a replica took over \(Format.grouped(run.failoverMs)) ms after the crash: the node timeout\(run.nodeTimeoutMs.map { " (\(Format.grouped($0)) ms as the nodes said)" } ?? ""), then an election); "
                    + othersText + " \(Format.count(run.clientErrors, "write")) failed meanwhile, and of "
                    + "\(Format.grouped(run.ackedWrites)) acknowledged writes\(readBackErrorClause(run)) \(Format.grouped(run.lostWrites)) "
                    + (run.lostWrites == 0
                        ? "were missing afterwards: the replica had every write the master acknowledged before it died, which on loopback is the usual case, not a promise."
                        : "were missing afterwards (in \(Format.count(run.keyGroupsWithLoss, "key group"))): the master acknowledged them before its replica had them, which asynchronous replication allows.")
            )
        }
        if let run = report.runs.first(where: { $0.mode == "wait" }) {
            let noWait = report.runs.first { $0.mode == "no-wait" }
            var sentence =
                "With WAIT 1 after each write, \(Format.grouped(run.ackedWrites)) writes were confirmed by a replica and "
                + "\(Format.grouped(run.lostWrites)) of those were lost\(readBackErrorClause(run))"
            sentence += run.unconfirmedWrites > 0 ? "; " + unconfirmedClause(run) : "."
            sentences.append(sentence)
            if let noWait {
                if noWait.p99WriteMs > 0 { sentences.append(latencySentence(wait: run, noWait: noWait)) }
                sentences.append(lossSentence(wait: run, noWait: noWait))
            }
        }
        if let run = report.sentinelRuns.first(where: { $0.mode == "no-wait" }) {
            sentences.append(
                "Under Sentinel the master answered nothing for \(Format.grouped(run.unavailableMs)) ms (promotion \(Format.grouped(run.failoverMs)) ms after the crash: "
                    + "down-after\(run.sentinelDownAfterMs.map { " (\(Format.grouped($0)) ms as the Sentinels said)" } ?? ""), then the vote and the switch), \(Format.count(run.clientErrors, "write")) failed, and \(Format.grouped(run.lostWrites)) of "
                    + "\(Format.grouped(run.ackedWrites)) acknowledged writes were lost\(report.sentinelRuns.contains { $0.mode == "wait" } ? "; with WAIT, \(Format.grouped(report.sentinelRuns.first { $0.mode == "wait" }?.lostWrites ?? 0))" : "")."
            )
        }
        return sentences
    }

    /// Acknowledged writes whose read-back answered an error: neither found nor lost.
    static func readBackErrorClause(_ run: FailoverRun) -> String {
        run.readBackErrors == 0
            ? "" : " (\(Format.count(run.readBackErrors, "read-back")) answered an error, counted neither found nor lost)"
    }

    /// The unconfirmed writes and what the read-back after the failover found of them, on
    /// the crashed master's shard in particular (its new master), as counted.
    static func unconfirmedClause(_ run: FailoverRun) -> String {
        var text =
            "\(Format.grouped(run.unconfirmedWrites)) got OK from a master that no replica confirmed in time, which a careful client treats as not durable; "
            + "the read-back after the failover found \(Format.grouped(run.unconfirmedFound)) of them"
        if run.unconfirmedOnCrashedShard > 0 {
            text +=
                " (the crashed master's new master has \(Format.grouped(run.unconfirmedFoundOnCrashedShard)) of the \(Format.grouped(run.unconfirmedOnCrashedShard)) written to its shard)"
        }
        if run.unconfirmedReadBackErrors > 0 {
            text += ", and \(Format.count(run.unconfirmedReadBackErrors, "read-back")) of them answered an error"
        }
        return text + (run.unconfirmedFound > 0 ? ": not confirmed is not the same as lost." : ".")
    }

    /// Why the healthy shards stopped too, by the setting the lab read; unread, the setting
    /// is given as a condition, not asserted.
    private static func coverageClause(_ setting: String?) -> String {
        switch setting {
        case "yes":
            return
                ": once a slot has no master the cluster state is fail, and with cluster-require-full-coverage yes (as the nodes said) every node refuses every key until the replica takes over."
        case "no":
            return
                ", although cluster-require-full-coverage was no (as the nodes said), which lets the healthy shards serve their own slots."
        default:
            return
                ": once a slot has no master the cluster state is fail, and if cluster-require-full-coverage is yes every node refuses every key until the replica takes over."
        }
    }

    /// WAIT's cost at p99, called a price only when it was one.
    static func latencySentence(wait: FailoverRun, noWait: FailoverRun) -> String {
        let ratio = wait.p99WriteMs / noWait.p99WriteMs
        let figures =
            "p99 of a write (with its WAIT, confirmed or not) was \(Format.number(wait.p99WriteMs)) ms against \(Format.number(noWait.p99WriteMs)) ms without WAIT (\(Format.number((ratio * 100).rounded() / 100))×)"
        return ratio > 1 ? "The price is latency: \(figures)." : "WAIT cost no latency at p99 here: \(figures)."
    }

    /// Whether WAIT narrowed the window for loss, by the share of acknowledged writes each
    /// mode lost (the runs acknowledge different numbers of writes).
    static func lossSentence(wait: FailoverRun, noWait: FailoverRun) -> String {
        func share(_ run: FailoverRun) -> Double { run.ackedWrites == 0 ? 0 : Double(run.lostWrites) / Double(run.ackedWrites) }
        let counts =
            "\(Format.grouped(wait.lostWrites)) of \(Format.grouped(wait.ackedWrites)) acknowledged writes lost with WAIT, "
            + "\(Format.grouped(noWait.lostWrites)) of \(Format.grouped(noWait.ackedWrites)) without"
        if share(wait) < share(noWait) {
            return "WAIT narrowed the window for loss (\(counts)); it does not make a write durable if the replica dies too."
        }
        if share(wait) == share(noWait) {
            return "WAIT lost as large a share as no WAIT (\(counts)), so this run does not show it narrowing the window for loss."
        }
        return "WAIT lost a larger share than no WAIT (\(counts)), so this run does not show it narrowing the window for loss."
    }
}
