import Labs

/// "What this shows" for the serverless lab, from its counts.
enum ServerlessExplanation {
    /// `2.8`: a ratio to one decimal, as the sentences use it.
    static func times(_ value: Double) -> String { Format.ratio((value * 10).rounded() / 10) }

    static func sentences(_ report: ServerlessReport) -> [String] {
        var sentences: [String] = []
        let requests = max(1, report.requests)
        func perRequest(_ value: Int) -> String { Format.number(Double(value) / Double(requests)) }
        let differing = report.modes.filter { $0.modelMismatches > 0 }
        if differing.isEmpty {
            sentences.append(
                "Every mode met what the model says: \(Format.grouped(report.modelAllowed)) allowed, \(Format.grouped(report.modelDenied)) denied, \(Format.grouped(report.modelDatabaseQueries)) database queries."
            )
        } else {
            sentences.append(
                "\(Format.list(differing.map { "\($0.mode.rawValue) (\(Format.count($0.modelMismatches, "request")))" })) met something other than the model: the counts below are not the pattern's alone."
            )
        }
        if let resp = report.mode(.resp), let rest = report.mode(.rest) {
            let respBytes = resp.bytesSent + resp.bytesReceived
            let restBytes = rest.bytesSent + rest.bytesReceived
            let trips =
                rest.roundTrips == resp.roundTrips
                ? "made as many round trips as RESP (\(perRequest(rest.roundTrips)) per user request)"
                : "made \(perRequest(rest.roundTrips)) round trips per user request against RESP's \(perRequest(resp.roundTrips))"
            sentences.append(
                "One command per HTTP request \(trips); each carried HTTP's request line, headers and JSON: \(Format.grouped(restBytes / requests)) bytes per user request against \(Format.grouped(respBytes / requests)), \(times(Double(restBytes) / Double(max(1, respBytes))))× as many."
            )
            if resp.latency.p50 > 0 {
                let slower = rest.latency.p50 / resp.latency.p50
                sentences.append(
                    slower >= 1.1
                        ? "Its median user request took \(Format.number(rest.latency.p50)) ms against \(Format.number(resp.latency.p50)) ms over RESP, \(times(slower))× as long, on loopback; across a network each extra round trip adds the network's latency as well."
                        : "On loopback its median user request took about as long as over RESP (\(Format.number(rest.latency.p50)) against \(Format.number(resp.latency.p50)) ms): here HTTP's cost is in bytes, not time."
                )
            }
        }
        let per = report.modes.first { $0.mode == .rest } ?? report.modes.first { $0.mode == .resp }
        for batch in report.modes where batch.mode == .pipeline || batch.mode == .multiExec {
            let path = batch.mode == .pipeline ? "/pipeline" : "/multi-exec"
            if let per, per.roundTrips > 0 {
                let saved = 1 - Double(batch.roundTrips) / Double(per.roundTrips)
                sentences.append(
                    saved > 0
                        ? "\(path) needed \(perRequest(batch.roundTrips)) round trips per user request against \(perRequest(per.roundTrips)) (\(Format.percent(saved)) fewer), by sending EXPIRE … NX and the GET without waiting for INCR's answer."
                        : "\(path) needed \(perRequest(batch.roundTrips)) round trips per user request, no fewer than \(per.mode.rawValue)'s \(perRequest(per.roundTrips)): batching saved nothing on this workload."
                )
            }
            if batch.wastedReads > 0 {
                sentences.append(
                    "The price: \(path) read the profile for \(Format.count(batch.wastedReads, "denied request")) too, since the GET went before the limiter's answer came back."
                )
            }
        }
        if let pipeline = report.mode(.pipeline), let multi = report.mode(.multiExec), pipeline.roundTrips == multi.roundTrips {
            sentences.append(
                "/multi-exec made the same round trips as /pipeline; what it adds is that no other client's command runs between INCR, EXPIRE and GET (the endpoint wraps them in MULTI … EXEC)."
            )
        }
        return sentences
    }
}
