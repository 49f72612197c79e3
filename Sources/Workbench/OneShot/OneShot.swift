import NIOPosix
import RESP
import RedisClient
import RedisCommands
import ReplyFormat

/// `rwb COMMAND ARGS…`: connect, send one command, print the reply as redis-cli would.
/// SUBSCRIBE-like commands and MONITOR then print what arrives until interrupted.
public enum OneShot {
    /// Returns the exit status: 0 for a reply, 1 for an error reply or a failed connection.
    public static func run(
        _ command: RedisCommand,
        options: ConnectionOptions,
        formatter: ReplyFormatter,
        errorsToStandardError: Bool = false,
        verbose: Bool = false,
        output: OutputSink,
        errors: OutputSink
    ) async -> Int32 {
        if options.rest != nil {
            // `--verbose` shows the HTTP exchange (the client traces it), not RESP that never
            // went over the wire.
            let tracer = WireTracer({ _, _ in }, http: WireText.httpLines(to: errors))
            tracer.isEnabled = verbose
            let formatter = ErrorAwareFormatter(formatter: formatter, errorsToStandardError: errorsToStandardError, errors: errors)
            return await runThroughClient(command, options: options, tracer: tracer, formatter: formatter, output: output, errors: errors)
        }
        // `-e`: an error reply is written to stderr as its bare message, as redis-cli does.
        let formatter = ErrorAwareFormatter(
            formatter: formatter, errorsToStandardError: errorsToStandardError, errors: errors, verbose: verbose)
        if verbose { errors.line("-> " + WireText.traced(RESPEncoder.encode(command), sent: true)) }
        let mode = formatter.mode
        // No CLIENT SETNAME, as with redis-cli: one command should cost one round trip
        // (and `rwb CLIENT GETNAME` answers as redis-cli's does).
        var options = options
        options.clientName = nil
        let streams = CommandFacts.streamsMessages(command)
        if (options.cluster == .on || options.sentinel != nil) && !streams {
            return await runThroughClient(command, options: options, formatter: formatter, output: output, errors: errors)
        }
        if !streams && BlockingConnection.supports(options) {
            return await runBlocking(command, options: options, formatter: formatter, output: output, errors: errors)
        }
        // Pushes (SUBSCRIBE messages, MONITOR lines) go to a stream that ends when the
        // connection does, so a server that dies ends the command instead of hanging it.
        let (messages, sink) = AsyncStream.makeStream(of: RESPValue.self)
        do {
            if let sentinel = options.sentinel {
                options.address = try await SentinelResolver.masterAddress(
                    sentinel, like: options, group: MultiThreadedEventLoopGroup.singleton)
            }
            // One event-loop thread rather than the shared group's one per core: this runs
            // once per process, which exits after it (0.4 ms of `rwb PING`).
            let connection = try await RedisConnection.connect(options, group: RedisConnection.singleThreadedGroup()) { sink.yield($0) }
            connection.onClose { sink.finish() }
            defer { Task { await connection.close() } }
            if let notice = connection.handshakeNotice { errors.line(notice) }
            // As redis-cli: the notice comes first, on a terminal only.
            if CommandFacts.streamsMessages(command) && mode == .tty { output.line("Reading messages... (press Ctrl-C to quit)") }
            let reply = try await connection.send(command)
            output.write(formatter.format(reply, command: command))
            if reply.isError { return 1 }
            if CommandFacts.streamsMessages(command) {
                for await message in messages {
                    output.write(formatter.format(message, command: command))
                }
                errors.line("Error: Server closed the connection")
                return 1
            }
            return 0
        } catch let error as RedisClientError {
            errors.line(error.description)
            return 1
        } catch {
            errors.line("\(error)")
            return 1
        }
    }

    /// One command and its reply on a plain socket, without an event loop: what most
    /// one-shot commands are, and where start-up time is most of the cost.
    private static func runBlocking(
        _ command: RedisCommand, options: ConnectionOptions, formatter: ErrorAwareFormatter, output: OutputSink, errors: OutputSink
    ) async -> Int32 {
        do {
            let connection = try await BlockingConnection.connect(options)
            if let notice = connection.handshakeNotice { errors.line(notice) }
            let reply = try connection.send(command)
            output.write(formatter.format(reply, command: command))
            return reply.isError ? 1 : 0
        } catch {
            errors.line("\(error)")
            return 1
        }
    }

    /// `rwb -c …`, `rwb --sentinel …` and a REST endpoint: through the client, which sends
    /// the command to the node serving its keys (redis-cli -c follows redirections silently
    /// outside its REPL too), asks the sentinels where the master is, or makes it an HTTP
    /// request.
    private static func runThroughClient(
        _ command: RedisCommand, options: ConnectionOptions, tracer: WireTracer? = nil, formatter: ErrorAwareFormatter,
        output: OutputSink, errors: OutputSink
    ) async -> Int32 {
        let client = RedisClient(options, tracer: tracer, group: RedisConnection.singleThreadedGroup())
        defer { Task { await client.close() } }
        do {
            let reply = try await client.send(command)
            output.write(formatter.format(reply, command: command))
            return reply.isError ? 1 : 0
        } catch {
            errors.line("\(error)")
            return 1
        }
    }
}

/// The formatter of one-shot replies, with `-e`: an error reply goes to stderr as its
/// message alone (what redis-cli prints there), nothing to stdout; with `--verbose`, each
/// reply as RESP on stderr too.
struct ErrorAwareFormatter {
    let formatter: ReplyFormatter
    let errorsToStandardError: Bool
    let errors: OutputSink
    /// `--verbose`: each reply as RESP on stderr first (as `.trace` shows it).
    var verbose = false

    var mode: OutputMode { formatter.mode }

    func format(_ reply: RESPValue, command: RedisCommand) -> [UInt8] {
        if verbose { errors.line("<- " + WireText.traced(RESPEncoder.encode(reply), sent: false)) }
        if errorsToStandardError, let message = reply.errorMessage {
            errors.line(message)
            return []
        }
        return formatter.format(reply, command: command)
    }
}
