import ArgumentParser
import KVServer
import RedisClient

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `rwb kv serve`: a local Upstash-compatible REST endpoint (what Vercel KV speaks) in front
/// of any server rwb can reach: the one the flags name, else a throwaway one (`--local`
/// always), a cluster with `-c` or `--local-cluster`. Ready when it prints its URL; Ctrl-C or
/// SIGTERM stops it after answering the requests in flight (exit 0).
public struct KVServeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rwb kv serve",
        abstract: "Serve the Upstash REST protocol (Vercel KV, @upstash/redis, upstash-redis) on loopback, in front of Redis.",
        discussion: """
            Tokens: --token, else KV_REST_API_TOKEN or UPSTASH_REDIS_REST_TOKEN, else a random one, printed. \
            --read-only-token (or KV_REST_API_READ_ONLY_TOKEN) runs only commands that write nothing.
            Routes: POST / with ["SET","k","v"]; POST /pipeline and /multi-exec with [[…],[…]]; \
            path-style GET /get/k, POST /set/k with the value as body, ?EX=60; \
            GET /subscribe/CHANNEL, /psubscribe/PATTERN, /monitor as server-sent events.
            """,
        helpNames: [.long])

    public init() {}

    @OptionGroup var connection: ConnectionFlags
    @OptionGroup var database: DatabaseFlag
    @OptionGroup var cluster: ClusterFlags

    @Flag(name: .customLong("local"), help: "Serve in front of a throwaway local redis-server, whatever else is running.")
    var local = false

    @Option(name: .customLong("bind"), help: "The address to listen on (default 127.0.0.1; 0.0.0.0 exposes it to the network).")
    var bind = "127.0.0.1"

    @Option(name: .customLong("port"), help: "The HTTP port, 0 for any free one (0 to 65535; default 8079).")
    var port = 8079

    @Option(name: .customLong("token"), help: "The token clients must send (prefer KV_REST_API_TOKEN: a flag shows in `ps`).")
    var token: String?

    @Option(name: .customLong("read-only-token"), help: "A second token that may only read.")
    var readOnlyToken: String?

    @Option(name: .customLong("max-body"), help: "The largest request body in bytes (1024 to 536870912; default 10485760).")
    var maxBody = 10 * 1024 * 1024

    @Option(name: .customLong("max-batch"), help: "The most commands in one /pipeline or /multi-exec request (1 to 100000; default 10000).")
    var maxBatch = 10_000

    // Measured (release build, wrk -c 50, GET): 1 connection 25,400 requests/s, 2 24,100, 4
    // 23,300, 8 18,100; /pipeline the same for all. Two cost 5% against one, and a slow
    // command then holds half the requests, not all.
    @Option(name: .customLong("connections"), help: "Connections to Redis that requests share, pipelined (1 to 64; default 2).")
    var connections = 2

    @Option(name: .customLong("https-cert"), help: "Serve HTTPS with this certificate chain (PEM; with --https-key).")
    var httpsCertificate: String?

    @Option(name: .customLong("https-key"), help: "The private key of --https-cert (PEM).")
    var httpsKey: String?

    public func validate() throws {
        try OptionBounds.check("--port", port, 0...65535)
        try OptionBounds.check("--max-body", maxBody, 1024...536_870_912)
        try OptionBounds.check("--max-batch", maxBatch, 1...100_000)
        try OptionBounds.check("--connections", connections, 1...64)
        if (httpsCertificate == nil) != (httpsKey == nil) { throw ValidationError("--https-cert and --https-key go together") }
        for case let (flag, path?) in [("--https-cert", httpsCertificate), ("--https-key", httpsKey)] where access(path, R_OK) != 0 {
            throw ValidationError("\(flag) \(path): cannot read it (\(String(cString: strerror(errno))))")
        }
        if connection.request.protocolVersion == 3 {
            throw ValidationError("-3: the REST protocol carries RESP2 replies; rwb kv serve speaks RESP2 to Redis")
        }
    }

    public func run() async throws {
        let tokens: KVTokens
        do {
            tokens = try KVTokens.resolve(token: token, readOnlyToken: readOnlyToken, environment: ProcessEnvironment.variables)
        } catch {
            FileDescriptorSink.standardError.line("rwb kv serve: \(error.description)")
            throw ExitCode(2)
        }
        let request = ConnectionFlags.WithDatabase(flags: connection, database: database, cluster: cluster)
        if let warning = request.passwordWarning { FileDescriptorSink.standardError.line(warning) }
        let errors = FileDescriptorSink.standardError
        let session: Session
        do {
            session = try await SessionLauncher.open(
                request: request.request, environment: ProcessEnvironment.variables, local: local, localCluster: cluster.localCluster,
                settings: Session.Settings(mode: .raw), output: FileDescriptorSink.standardOutput, errors: errors)
        } catch {
            errors.line("rwb: \(error)")
            throw ExitCode(1)
        }
        guard var options = await session.client?.options else {
            errors.line("rwb: no server to serve in front of")
            throw ExitCode(1)
        }
        options.protocolVersion = 2
        let settings = KVEndpointSettings(
            host: bind, port: port, token: tokens.token, readOnlyToken: tokens.readOnlyToken, maxBodyBytes: maxBody, maxBatch: maxBatch,
            connections: connections, tls: httpsCertificate.flatMap { cert in httpsKey.map { .init(certificate: cert, key: $0) } })
        let redisName = options.addressDescription
        let shown = tokens
        let work = Task {
            try await KVServe.run(settings, redis: options) { listening in
                FileDescriptorSink.standardOutput.write(
                    KVServeText.banner(url: listening.url, redis: redisName, connections: settings.connections, tokens: shown))
            }
        }
        ExitCleanup.installSignalHandlers(onInterrupt: { work.cancel() })
        let result = await work.result
        await session.shutdown()
        ExitCleanup.run()
        switch result {
        case .success(let summary):
            errors.line("rwb kv serve: stopped after \(summary)")
        case .failure(let error):
            errors.line("rwb: \(error)")
            throw ExitCode(1)
        }
    }
}

/// What `rwb kv serve` prints when it is ready: the URL, then the environment lines to paste
/// into a `.env` (the token only when it was made here: a given one is already known, and
/// printing it would put it in a terminal's scroll-back and CI logs for nothing).
public enum KVServeText {
    public static func banner(url: String, redis: String, connections: Int, tokens: KVTokens) -> String {
        var lines = ["rwb kv serve: \(url)/ in front of \(redis) (\(connections) connection\(connections == 1 ? "" : "s"))"]
        for (urlName, tokenName) in [("KV_REST_API_URL", "KV_REST_API_TOKEN"), ("UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN")] {
            lines.append("\(urlName)=\(url)")
            if tokens.generated { lines.append("\(tokenName)=\(tokens.token)") }
        }
        if !tokens.generated { lines.append("# the token is the one given (--token, KV_REST_API_TOKEN or UPSTASH_REDIS_REST_TOKEN)") }
        if tokens.readOnlyToken != nil { lines.append("# a read-only token is set (--read-only-token or KV_REST_API_READ_ONLY_TOKEN)") }
        lines.append("Ctrl-C or SIGTERM stops it, after answering the requests in flight.")
        return lines.joined(separator: "\n") + "\n"
    }
}
