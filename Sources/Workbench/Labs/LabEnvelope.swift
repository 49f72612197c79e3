import Labs

/// The report as a document: who ran what on which server, the lab's options, its numbers,
/// and which of them vary between runs with the same seed.
struct LabEnvelope<Runs: Lab> {
    var lab: String
    var seed: UInt64
    var partial: Bool
    var stoppedBecause: String?
    /// Nil for a lab that does not use Redis.
    var serverVersion: String?
    var address: String?
    var options: Runs
    var report: Runs.Report?
    /// On a cluster, how the lab's keys and commands spread over the masters.
    var cluster: ClusterSpread?
    /// The lab's commands went to a REST endpoint at `address`, one HTTP request each.
    var overREST: Bool

    init(
        lab: String, seed: UInt64, stop: LabStop?, serverVersion: String?, address: String?, options: Runs, report: Runs.Report?,
        cluster: ClusterSpread? = nil, overREST: Bool = false
    ) {
        self.lab = lab
        self.seed = seed
        // A server stopped by Ctrl-C ended as it should.
        var endedAsItShould = false
        if case .interrupted? = stop, Runs.needs.endsOnInterrupt { endedAsItShould = true }
        self.partial = stop != nil && !endedAsItShould
        self.stoppedBecause = self.partial ? stop?.reason : nil
        self.serverVersion = serverVersion
        self.address = address
        self.options = options
        self.report = report
        self.cluster = cluster
        self.overREST = overREST
    }

    func tree() throws -> ReportValue {
        var fields: [ReportValue.Field] = [
            .init("lab", .string(lab)), .init("seed", .int(Int64(bitPattern: seed))), .init("partial", .bool(partial)),
        ]
        if let stoppedBecause { fields.append(.init("stopped_because", .string(stoppedBecause))) }
        if let serverVersion, let address {
            var server: [ReportValue.Field] = [.init("version", .string(serverVersion)), .init("address", .string(address))]
            if overREST { server.append(.init("transport", .string("rest"))) }
            fields.append(.init("server", .object(server)))
        }
        fields.append(.init("options", try ReportEncoder.encode(options)))
        if let report, case .object(let results) = try ReportEncoder.encode(report) { fields += results }
        if let cluster { fields.append(.init("cluster", try ReportEncoder.encode(cluster))) }
        // A cluster's ports differ from run to run; which keys and how many commands depend
        // on timing wherever the lab's clients race (locks, polling).
        let clusterVarying =
            cluster == nil
            ? []
            : [
                "cluster.keys", "cluster.commands", "cluster.nodes.*.node", "cluster.nodes.*.keys", "cluster.nodes.*.slots_used",
                "cluster.nodes.*.commands",
            ]
        let varying = (address == nil ? [] : ["server.address"]) + (report?.timingDependent ?? []) + clusterVarying
        fields.append(.init("timing_dependent", .array(varying.map { .string($0) })))
        return .object(fields)
    }

    var header: String {
        let name = Runs.needs.kind == .tool ? lab : "\(lab) lab · seed \(seed)"
        guard let serverVersion, let address else { return name }
        let on = cluster.map { " (a cluster of \($0.nodes.count) masters)" } ?? ""
        return "\(name) · Redis \(serverVersion) \(overREST ? "over REST at" : "at") \(address)\(on)"
    }
}
