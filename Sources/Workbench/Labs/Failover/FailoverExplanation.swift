import Labs

/// "What this shows" for the failover lab, from its numbers.
enum FailoverExplanation {
    static func sentences(_ report: FailoverReport) -> [String] {
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
        return sentences
    }
}
