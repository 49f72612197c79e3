import Labs

/// "What this shows" for the queue lab, from its numbers.
enum QueueExplanation {
    static func sentences(_ report: QueueReport) -> [String] {
        var sentences: [String] = []
        let messages = Format.grouped(report.messages)
        let clean = report.designs.filter { $0.lost == 0 && $0.duplicates == 0 }
        if !report.designs.isEmpty, clean.count == report.designs.count {
            let names = Format.list(report.designs.map(\.design.rawValue))
            sentences.append(
                report.designs.allSatisfy({ $0.crashes == 0 })
                    ? "With no consumer dying, \(names) each processed all \(messages) messages exactly once."
                    : "\(names) processed all \(messages) messages exactly once, crashes and all.")
        }
        for result in report.designs {
            sentences += designSentences(result, messages: messages)
        }
        let rates = report.designs.map { "\($0.design.rawValue) \(Format.number($0.messagesPerSecond))" }
        if !rates.isEmpty {
            sentences.append(
                "Messages a second (timing-dependent): \(rates.joined(separator: ", ")); commands a message: "
                    + report.designs.map { "\($0.design.rawValue) \(Format.number($0.commandsPerMessage))" }.joined(separator: ", ") + ".")
        }
        return sentences
    }

    static func designSentences(_ result: DesignResult, messages: String) -> [String] {
        var sentences: [String] = []
        let name = result.design.rawValue
        switch result.design {
        case .brpop:
            if result.lost > 0 {
                sentences.append(
                    "brpop lost \(Format.grouped(result.lost)) of \(messages) messages: each crash after BRPOP took its message with it, since the server had already removed it."
                )
            } else if result.crashes > 0 {
                sentences.append(
                    "brpop lost nothing here: its \(Format.count(result.crashes, "crash", plural: "crashes")) came after the work was done, and BRPOP has nothing to acknowledge."
                )
            }
        case .lmove, .stream:
            let held = result.design == .lmove ? "in processing lists" : "pending (XPENDING)"
            let how = result.design == .lmove ? "LMOVE back to the queue" : "XAUTOCLAIM"
            if result.lost == 0, result.heldBeforeRecovery > 0 {
                sentences.append(
                    "\(name) lost nothing: \(Format.count(result.heldBeforeRecovery, "message")) waited \(held) for their dead consumers, and \(how) recovered \(Format.grouped(result.recovered))."
                )
            } else if result.lost > 0 {
                sentences.append(
                    "\(name) lost \(Format.grouped(result.lost)) of \(messages) messages; \(Format.grouped(result.heldAfterRecovery)) still \(held) after recovery."
                )
            }
            if result.duplicates > 0 {
                let ack = result.design == .lmove ? "LREM" : "XACK"
                sentences.append(
                    "\(name) did the work of \(Format.count(result.duplicates, "message")) twice: a consumer that dies after the work and before \(ack) leaves the message to be delivered again, so the work must be idempotent."
                )
            }
        }
        return sentences
    }
}
