import Labs
import RESP
import RedisClient

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Runs one lab for a session, the same way from the shell, the REPL and scripts: finds the
/// server (the session's, or a throwaway one with `--local`), gives the lab fresh real
/// connections, clears what an earlier `--keep` run left, runs it with progress and
/// Ctrl-C, removes its keys on every way out, checks DBSIZE came back to where it was, and
/// renders the report (text or JSON). The report's tree stays in the session for
/// `.expect lab.PATH`.
enum LabRunner {
    /// Lab commands get this long for one reply before the run counts as failed.
    static let commandTimeout: Duration = .seconds(30)
    /// How long cleanup on a cluster waits for a replica to replace a master that died
    /// mid-run (several node timeouts of the default 15 s would be longer; a throwaway
    /// cluster's is 2 s).
    static let failoverPatience: Duration = .seconds(30)

    static func run<Spec: LabSpec>(_ spec: Spec.Type, _ plan: LabPlan<Spec.Runs>, in session: Session) async -> LineResult {
        // However rwb is told to stop meanwhile, the lab's cleanup runs to its end first.
        return await ExitCleanup.finishing(
            Task {
                let scratch: String
                do {
                    scratch = try POSIX.makeTemporaryDirectory(prefix: "rwb-lab")
                } catch {
                    return LineResult(failure: .connection("lab \(Spec.name): \(error)"))
                }
                defer { POSIX.removeDirectory(scratch) }
                return Spec.Runs.needs.server == .session
                    ? await runOnRedis(spec, plan, scratch: scratch, in: session)
                    : await runWithoutRedis(spec, plan, scratch: scratch, in: session)
            })
    }

    private static func runOnRedis<Spec: LabSpec>(_ spec: Spec.Type, _ plan: LabPlan<Spec.Runs>, scratch: String, in session: Session) async
        -> LineResult
    {
        let common = plan
        let lab = plan.lab
        let needs = Spec.Runs.needs
        var server: ThrowawayServer?
        defer {
            if let server {
                server.stop()
                ExitCleanup.unregister(server)
            }
        }
        var options: ConnectionOptions
        var topology: ClusterTopology?
        if common.local {
            do {
                let started = try await ThrowawayServer.start(clock: session.clock)
                ExitCleanup.register(started)
                server = started
                options = started.options
            } catch {
                return LineResult(failure: .connection("\(error)"))
            }
        } else {
            guard let client = await session.client else {
                return LineResult(failure: .connection("not connected: use .connect URL, .server start or --local"))
            }
            options = await client.options
            if options.rest != nil {
                if let refusal = restRefusal(Spec.self, lab) { return LineResult(failure: .usage(refusal)) }
            } else {
                topology = try? await client.clusterTopology()
            }
            // maxmemory and the policy are per node: the eviction lab's figures are one
            // server's (lab failover makes clusters of its own).
            if topology != nil && needs.changesConfig {
                return LineResult(
                    failure: .usage(
                        "lab \(Spec.name) sets the configuration of one server: run it with --local (a throwaway server), not on a cluster"
                    ))
            }
        }
        options.clientName = "rwb-lab"
        options.commandTimeout = commandTimeout
        let sessionServer = await session.server
        let ownServer = server != nil || sessionServer?.options.address == options.address
        if needs.changesConfig && !ownServer && !common.allowConfig {
            return LineResult(
                failure: .usage(
                    "lab \(Spec.name) changes the server's configuration: it runs on a throwaway server (--local), or on this one with --allow-config (every setting it changes is put back)"
                ))
        }
        let settings = await session.settings
        let seed = common.seed ?? settings.seed
        let log = CommandLog()
        let keys = KeySpace(workbenchPrefix: settings.prefix, lab: Spec.name)
        // A lab that reads each master (analyze) does so through plain connections of its own.
        let connections = LabConnections(options, topology: needs.readsEachNode ? nil : topology, log: log, clock: session.clock)
        // Setup and cleanup go through a connection of their own, outside the log.
        let setup: any LabConnection
        do {
            setup = try await connections.openUnlogged()
        } catch {
            return LineResult(failure: .connection("\(error)"))
        }
        defer { Task { await setup.close() } }

        // A lab that only reads (analyze) has no keys of its own to clear, no DBSIZE to keep.
        let writes = needs.writesKeys
        let serverVersion: String
        let sizeBefore: Int64
        do {
            // (From each master directly on a cluster: the runner's commands count in no spread.)
            serverVersion = try await ServerInfo.fetchTotal(["server"], from: setup)["redis_version"] ?? "unknown"
            let leftover = writes ? try await keys.removeAll(using: setup) : 0
            if leftover > 0 {
                session.errors.line(
                    "rwb: removed \(leftover) key\(leftover == 1 ? "" : "s") an earlier run left under \(keys.prefix) (--keep)")
            }
            sizeBefore = writes ? try await setup.databaseSize() : 0
        } catch {
            return LineResult(failure: .connection("\(error)"))
        }

        let progress =
            !common.json && isatty(2) == 1
            ? ProgressBar(sink: session.errors, style: TextStyle.detect(descriptor: 2, environment: ProcessEnvironment.variables)) : nil
        var context = LabContext(
            redis: LoggedSender(setup, log: log), connect: connections.open, clock: session.clock, seed: seed, keys: keys, commands: log,
            progress: progress ?? NoProgress(), log: { session.output.line($0) }, json: common.json, scratchDirectory: scratch)
        // Checked above: a throwaway server, or --allow-config.
        context.listen = connections.listen
        if topology == nil && BlockingConnection.supports(options) {
            let direct = options
            context.connectDirect = { LoggedSender(DirectConnection(try await BlockingConnection.connect(direct)), log: log) }
        }
        if needs.changesConfig { context.config = ConfigGuard(redis: context.redis, reconnect: connections.open, clock: session.clock) }
        let connectionOptions = options
        context.serverOptions = options
        context.nodes = (needs.readsEachNode ? topology?.masters ?? [] : []).map { master in
            LabNode(name: master.name) {
                var node = connectionOptions
                node.address = master.address
                return LoggedSender(try await RedisConnection.connect(node), log: log)
            }
        }

        var report: Spec.Runs.Report?
        var stop: LabStop?
        do {
            report = try await lab.run(context)
        } catch {
            (report, stop) = outcome(of: error, Spec.Runs.Report.self)
        }
        progress?.clear()
        let spread = connections.traffic?.spread

        // Cleanup runs in a task of its own (the lab's may be cancelled: Ctrl-C), on a fresh
        // connection (the setup one may have been cut mid-command).
        let keep = common.keep
        let config = context.config
        let onCluster = topology != nil
        let cleanupOptions = options
        let cleanup = await Task { () -> (kept: Int, sizeAfter: Int64?, problem: String?) in
            var problems: [String] = []
            // The lab restores its settings on its way out; this catches one that did not.
            do { try await config?.restore() } catch { problems.append("\(error)") }
            guard writes else { return (0, nil, problems.isEmpty ? nil : problems.joined(separator: "; ")) }
            // On a cluster a master may have died mid-run: until a replica has taken over,
            // cleanup is tried again on a slot map read afresh.
            var open = connections.openUnlogged
            let deadline = session.clock.now + (onCluster ? Self.failoverPatience : .zero)
            while true {
                do {
                    let cleaner = try await open()
                    defer { Task { await cleaner.close() } }
                    let kept = keep ? try await keys.count(using: cleaner) : 0
                    if !keep { try await keys.removeAll(using: cleaner) }
                    let size = try await cleaner.databaseSize()
                    return (kept, size, problems.isEmpty ? nil : problems.joined(separator: "; "))
                } catch {
                    guard session.clock.now < deadline else { return (0, nil, (problems + ["\(error)"]).joined(separator: "; ")) }
                    try? await session.clock.sleep(for: .milliseconds(500))
                    if let fresh = try? await session.client?.clusterTopology() {
                        let traffic = ClusterTraffic(fresh)
                        open = { try await ClusterLabConnection.connect(cleanupOptions, traffic: traffic) }
                    }
                }
            }
        }.value

        // Over REST the endpoint's URL (never its token) is where the lab ran.
        let envelope = LabEnvelope(
            lab: Spec.name, seed: seed, stop: stop, serverVersion: serverVersion,
            address: options.rest?.description ?? options.addressDescription,
            options: lab, report: report, cluster: spread, overREST: options.rest != nil)
        let failure = await show(envelope, spec, plan, stop: stop, commands: log, in: session)
        if let problem = cleanup.problem {
            session.errors.line("rwb: could not clean up under \(keys.prefix): \(problem)")
        } else if keep && writes {
            // Some labs delete their keys as they go: say so rather than claim to keep none.
            session.errors.line(
                cleanup.kept == 0
                    ? "rwb: --keep: the lab deleted its keys under \(keys.prefix) as it went; there are none to keep"
                    : "rwb: kept \(Format.count(cleanup.kept, "key")) under \(keys.prefix) (--keep); .clean or the next run removes them")
        } else if let after = cleanup.sizeAfter, after != sizeBefore {
            session.errors.line(
                "rwb: DBSIZE was \(sizeBefore) before the lab and is \(after) after: other clients changed the database meanwhile")
        }
        return LineResult(failure: failure ?? stop?.failure(lab: Spec.name))
    }

    /// Why this lab cannot run over the session's REST endpoint, or nil: only the labs that
    /// declare `runsOverREST` may, and only in a configuration they do not refuse.
    static func restRefusal<Spec: LabSpec>(_ spec: Spec.Type, _ lab: Spec.Runs) -> String? {
        guard Spec.Runs.needs.runsOverREST else { return LabCatalog.restRefusal(Spec.name) }
        return lab.refusalOverREST.map { "lab \(Spec.name) over REST: \($0)" }
    }

    /// A lab that does not talk to Redis: no server, no keys, only the run and its report.
    private static func runWithoutRedis<Spec: LabSpec>(_ spec: Spec.Type, _ plan: LabPlan<Spec.Runs>, scratch: String, in session: Session)
        async -> LineResult
    {
        let settings = await session.settings
        let seed = plan.seed ?? settings.seed
        let log = CommandLog()
        var context = LabContext(
            redis: NoRedis(), connect: { NoRedis() }, clock: session.clock, seed: seed,
            keys: KeySpace(workbenchPrefix: settings.prefix, lab: Spec.name), commands: log, log: { session.output.line($0) },
            json: plan.json,
            scratchDirectory: scratch)
        if Spec.Runs.needs.server == .ownDeployment {
            context.startCluster = {
                let cluster = try await LocalCluster.start(clock: session.clock)
                // Stopped by the lab, and by Ctrl-C or any other way out of rwb.
                cluster.servers.forEach(ExitCleanup.register)
                return cluster
            }
            context.startSentinel = {
                let deployment = try await LocalSentinel.start(clock: session.clock)
                // Its servers, likewise (the sentinel processes are its parent-death children).
                [deployment.master, deployment.replica].forEach(ExitCleanup.register)
                return deployment
            }
        }
        var report: Spec.Runs.Report?
        var stop: LabStop?
        do {
            report = try await plan.lab.run(context)
        } catch {
            (report, stop) = outcome(of: error, Spec.Runs.Report.self)
        }
        let envelope = LabEnvelope(
            lab: Spec.name, seed: seed, stop: stop, serverVersion: nil, address: nil, options: plan.lab, report: report)
        let failure = await show(envelope, spec, plan, stop: stop, commands: log, in: session)
        return LineResult(failure: failure ?? stop?.failure(lab: Spec.name))
    }

    /// What a lab's error means: a partial report (Ctrl-C, a lost server) or none.
    private static func outcome<Report: LabReport>(of error: any Error, _ type: Report.Type) -> (Report?, LabStop) {
        if let stopped = error as? LabStopped<Report> {
            return (stopped.partial, stopped.wasCancelled ? .interrupted(.current) : .failed("\(stopped.reason)"))
        }
        if error is CancellationError { return (nil, .interrupted(.current)) }
        if let client = error as? RedisClientError, client.code == .cancelled { return (nil, .interrupted(.current)) }
        return (nil, .failed("\(error)"))
    }

    /// Prints the report (text or JSON) and keeps its tree for `.expect lab.PATH`; returns
    /// a failure when there is no report to show.
    private static func show<Spec: LabSpec>(
        _ envelope: LabEnvelope<Spec.Runs>, _ spec: Spec.Type, _ plan: LabPlan<Spec.Runs>, stop: LabStop?, commands: CommandLog,
        in session: Session
    ) async -> LineResult.Failure? {
        guard let report = envelope.report else {
            if case .interrupted(let interruption)? = stop { return .interrupted(interruption) }
            return .connection("lab \(Spec.name) failed: \(stop?.reason ?? "")")
        }
        let tree: ReportValue
        do {
            tree = try envelope.tree()
        } catch {
            return .connection("cannot encode the \(Spec.name) report: \(error)")
        }
        await session.setLabReport(tree)
        if plan.json {
            session.output.line(tree.json(pretty: true))
        } else if Spec.isDataFile(report) {
            // A data file (analyze --csv) alone on standard output, for the program reading it.
            session.output.write(Spec.render(report, style: .plain))
            if let stop, envelope.partial {
                session.errors.line("rwb: partial: the run stopped early (\(stop.reason)); the rows cover what ran")
            }
        } else {
            let style = TextStyle.detect(descriptor: 1, environment: ProcessEnvironment.variables)
            session.output.write(envelope.header + "\n\n" + Spec.render(report, style: style))
            if let cluster = envelope.cluster { session.output.write("\n" + ClusterSpreadText.render(cluster, style: style)) }
            if let stop, envelope.partial {
                session.output.line("\nPartial: the run stopped early (\(stop.reason)); the numbers cover what ran.")
            }
            if plan.showCommands { session.output.write("\n" + CommandListing.render(commands)) }
        }
        return nil
    }

}

/// The connection of a lab that does not use Redis: any use is a bug, said plainly.
private struct NoRedis: LabConnection {
    func send(_ command: RedisCommand) async throws -> RESPValue { throw LabError("this lab does not use Redis") }
    func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] { throw LabError("this lab does not use Redis") }
    func sendWithoutWaiting(_ command: RedisCommand) {}
    func submit(_ commands: [RedisCommand]) -> PendingReplies { PendingReplies(failure: LabError("this lab does not use Redis")) }
    func close() async {}
    var taskExecutor: (any TaskExecutor)? { nil }
}

/// `--show-commands`: the first commands of each kind, as a student would type them.
enum CommandListing {
    /// Arguments shown of one command: a ZADD of 500 members is shown by its first pairs
    /// and a count of the rest, not as a page of numbers.
    static let argumentsShown = 16

    static func render(_ log: CommandLog) -> String {
        var text = "Commands the lab sent (the first \(log.examplesPerKind) of each kind, \(log.total) in all):\n"
        for (name, count, examples) in log.examples {
            text += "  \(name) × \(count)\n"
            for command in examples { text += "    " + line(command) + "\n" }
        }
        return text
    }

    static func line(_ command: RedisCommand) -> String {
        let shown = command.arguments.prefix(argumentsShown).map {
            CommandLineSplitter.quoted(Array($0.prefix(80))) + ($0.count > 80 ? "…" : "")
        }
        let hidden = command.arguments.count - shown.count
        return shown.joined(separator: " ") + (hidden > 0 ? " … (\(hidden) more arguments)" : "")
    }
}
