import RESP
import RedisClient

/// Dot-commands about where the session is connected: another server, a throwaway one,
/// and cleaning up the workbench's keys.
extension DotCommand {
    static let connectionCommands: [DotCommand] = [
        DotCommand(
            name: "connect", synopsis: ".connect URL",
            summary: "connect elsewhere (redis://, rediss://, unix://, host:port; http(s):// for a REST endpoint)",
            check: { $0.count == 1 ? nil : "usage: .connect URL" }
        ) { call in
            await connect(call)
        },
        DotCommand(
            name: "server", synopsis: ".server start|stop|status", summary: "a throwaway local redis-server",
            completions: ["start", "stop", "status"]
        ) { call in
            await server(call)
        },
        DotCommand(name: "clean", synopsis: ".clean", summary: "UNLINK every key under the workbench prefix (on every master of a cluster)")
        { call in
            await clean(call)
        },
    ]

    private static func connect(_ call: Invocation) async -> LineResult {
        guard call.words.count == 1 else { return call.usage }
        let target = call.words[0]
        var request = ConnectionRequest()
        if target.contains("://") {
            request.url = target
        } else if target.contains("@") {
            // user:password@host[:port]: a URL without its scheme.
            request.url = "redis://" + target
        } else {
            // host[:port]: the common short form.
            let parts = target.split(separator: ":", maxSplits: 1).map(String.init)
            request.host = parts.first ?? target
            if parts.count == 2 {
                guard let port = Int(parts[1]) else { return call.usage }
                request.port = port
            }
        }
        do {
            // A REST endpoint's token is never typed (it would reach the history): it comes
            // from the environment pair that names the same endpoint, if any.
            let options = try request.resolve(environment: request.isREST ? ProcessEnvironment.variables : [:])
            if options.rest != nil { return try await connectREST(call, options) }
            // Try first: a failed .connect keeps the connection the session had.
            var probe = options
            probe.clientName = nil
            await (try await RedisConnection.connect(probe)).close()
            await call.session.use(options)
            guard let client = await call.session.client else { return LineResult() }
            try await client.connect()
            await call.session.markConnected()
            call.session.errors.line("connected to \(options.maskedURL)")
            return LineResult()
        } catch {
            return LineResult(failure: .connection("\(error)"))
        }
    }

    /// A REST endpoint has no connection to open: a PING through a client of its own shows
    /// that it answers and takes the token, before the session's connection is given up.
    private static func connectREST(_ call: Invocation, _ options: ConnectionOptions) async throws -> LineResult {
        let probe = RedisClient(options, retryPolicy: .never)
        do {
            _ = try await probe.send(["PING"])
            await probe.close()
        } catch {
            await probe.close()
            throw error
        }
        await call.session.use(options)
        call.session.errors.line("connected to \(options.maskedURL) (REST)")
        return LineResult()
    }

    private static func server(_ call: Invocation) async -> LineResult {
        let session = call.session
        switch call.words.first?.lowercased() {
        case "start":
            if let server = await session.server {
                session.errors.line("a throwaway server is already running at \(server.options.addressDescription) (pid \(server.pid))")
                return LineResult()
            }
            do {
                let started = try await ThrowawayServer.start(clock: session.clock)
                // Stopped on every way out of rwb, signals included.
                ExitCleanup.register(started)
                await session.adopt(started)
                session.errors.line(
                    "started a throwaway redis-server at \(started.options.addressDescription) (pid \(started.pid)); it stops when rwb exits"
                )
                return LineResult()
            } catch {
                return LineResult(failure: .connection("\(error)"))
            }
        case "stop":
            guard let server = await session.stopServer() else { return LineResult(failure: .usage("no throwaway server is running")) }
            ExitCleanup.unregister(server)
            session.errors.line("stopped the throwaway redis-server (pid \(server.pid))")
            return LineResult()
        case "status":
            if let server = await session.server {
                session.output.line(
                    "throwaway redis-server: pid \(server.pid), \(server.options.addressDescription), data in \(server.directory)")
            } else {
                session.output.line("no throwaway server (start one with .server start)")
            }
            return LineResult()
        default:
            return call.usage
        }
    }

    /// UNLINKs every key under the workbench prefix, by SCAN, so nothing else is touched.
    private static func clean(_ call: Invocation) async -> LineResult {
        guard let client = await call.session.client else { return LineResult(failure: .connection("not connected")) }
        let prefix = await call.session.settings.prefix
        do {
            let removed = try await KeyCleaner.unlinkAll(under: Array(prefix.utf8), everywhere: client)
            call.session.output.line("removed \(removed) key\(removed == 1 ? "" : "s") under \(prefix)")
            return LineResult()
        } catch {
            return LineResult(failure: .connection("\(error)"))
        }
    }
}
