import Labs

/// "What this shows" for `--race`'s interleaving section: each sentence only where its
/// numbers say so, in either schedule.
enum InterleavingExplanation {
    static func sentences(_ report: InterleavingReport) -> [String] {
        let schedules: [(phrase: String, results: [InterleavingResult])] = [
            ("in lockstep", report.lockstep), ("running freely", report.free),
        ]
        func find(_ way: InterleavingWay, _ results: [InterleavingResult]) -> InterleavingResult? {
            results.first { $0.way == way }
        }
        let limit = report.limit
        var sentences: [String] = []

        let lockstepCheck = find(.checkThenAdd, report.lockstep)
        if let check = lockstepCheck, check.overLimitAllows > 0 {
            sentences.append(
                "check-then-add let \(Format.grouped(check.overLimitAllows)) requests past the limit of \(Format.grouped(limit)) "
                    + "when \(Format.grouped(check.requests)) app servers read the count before any added (lockstep): "
                    + "each saw room, so \(Format.grouped(check.allowed)) were allowed and \(Format.grouped(check.membersLeft)) entries left in the log."
            )
        }
        if let check = find(.checkThenAdd, report.free) {
            if check.overLimitAllows > 0 {
                sentences.append(
                    "Running freely, check-then-add let \(Format.grouped(check.overLimitAllows)) past the limit: that many app servers read a count under the limit before the adds that filled it landed."
                )
            } else if let lockstepCheck, lockstepCheck.overLimitAllows > 0 {
                sentences.append(
                    "Running freely, check-then-add let none past the limit this time: the app servers' reads and adds happened not to overlap, which nothing guarantees."
                )
            }
        }

        let closed = schedules.compactMap { schedule in
            find(.tutorialAwaited, schedule.results).flatMap { result in
                result.overLimitAllows == 0 && result.needlessDenials > 0
                    ? "\(Format.grouped(result.needlessDenials)) \(schedule.phrase)" : nil
            }
        }
        if !closed.isEmpty {
            sentences.append(
                "The tutorial's four commands, each awaited, let none past the limit (every request adds before it counts, so the i-th count to run sees at least i) "
                    + "but denied requests there was room for, \(Format.list(closed)): the adds of several app servers landed before their counts, so it fails closed."
            )
        }

        let whole = schedules.filter { schedule in
            find(.tutorialPipeline, schedule.results).map { $0.sharedCounts == 0 && $0.overLimitAllows == 0 && $0.needlessDenials == 0 }
                ?? false
        }
        if let pipeline = find(.tutorialPipeline, whole.first?.results ?? []) {
            sentences.append(
                "Each tutorial-pipeline request ran back to back \(Format.list(whole.map(\.phrase))) (its ZCARD answers were 1 to \(Format.grouped(pipeline.requests)), each once), "
                    + "so it allowed exactly \(Format.grouped(pipeline.allowed)): each pipeline arrived in one read, and Redis runs the commands of one read before it reads another client. "
                    + "Nothing promises one read: a pipeline split across reads interleaves like the awaited commands; MULTI/EXEC or a Lua script make it a guarantee."
            )
        }
        for schedule in schedules {
            if let pipeline = find(.tutorialPipeline, schedule.results), let shared = pipeline.sharedCounts, shared > 0 {
                sentences.append(
                    "\(schedule.phrase.prefix(1).uppercased() + schedule.phrase.dropFirst()), \(Format.grouped(shared)) tutorial-pipeline requests answered a ZCARD count another also answered: "
                        + "their pipelines were split across reads and interleaved, and \(Format.grouped(pipeline.allowed)) of \(Format.grouped(pipeline.requests)) were allowed."
                )
            }
        }

        let exact = [InterleavingWay.multi, .lua].filter { way in
            let results = schedules.compactMap { find(way, $0.results) }
            return !results.isEmpty && results.allSatisfy { $0.overLimitAllows == 0 && $0.needlessDenials == 0 }
        }
        if let first = exact.first.flatMap({ find($0, report.lockstep) }) {
            sentences.append(
                "\(Format.list(exact.map(\.rawValue))) allowed exactly \(Format.grouped(first.allowed)) of \(Format.grouped(first.requests)) in lockstep and running freely: "
                    + "the server runs a transaction or a script whole, so no other app server's command lands between one's count and its add."
            )
        }
        // A way that should hold and did not is stated as counted, whatever the reason.
        for schedule in schedules {
            for result in schedule.results where result.way != .checkThenAdd && result.overLimitAllows > 0 {
                sentences.append(
                    "\(result.way.rawValue) let \(Format.grouped(result.overLimitAllows)) past the limit of \(Format.grouped(limit)) \(schedule.phrase)."
                )
            }
        }
        return sentences
    }
}
