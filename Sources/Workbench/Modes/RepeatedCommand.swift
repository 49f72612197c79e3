import NIOPosix
import RESP
import RedisClient
import RedisCommands
import ReplyFormat

/// `rwb -r N -i SECONDS COMMAND …`: one command sent N times on one connection (through the
/// client, so `-c` and `--sentinel` work as for one command), each reply printed as it comes,
/// a wait of `-i` after each, as redis-cli does. An error reply does not stop the loop (as in
/// redis-cli) unless `-e` says so; the exit status is 1 if any reply was an error.
public struct RepeatedCommand: Sendable {
    public var command: RedisCommand
    /// -1: until interrupted.
    public var times: Int
    public var interval: Duration?
    /// `-e`: the first error reply is written to stderr and ends the loop.
    public var stopOnError: Bool

    public init(_ command: RedisCommand, times: Int, interval: Duration?, stopOnError: Bool = false) {
        self.command = command
        self.times = times
        self.interval = interval
        self.stopOnError = stopOnError
    }

    /// Why this command cannot be repeated, or nil: one that turns the connection into a
    /// message stream never answers a second time, and one that blocks with no timeout could
    /// hold the loop forever on its first turn.
    public static func refusal(_ command: RedisCommand, times: Int) -> String? {
        if CommandFacts.streamsMessages(command) {
            return "-r repeats a command and \(command.name) never ends: run it once, without -r"
        }
        if times != 1, CommandFacts.blocksForever(command) {
            return "-r with \(command.name) and a timeout of 0 would wait forever on the first empty turn: give it a timeout in seconds"
        }
        return nil
    }

    public func run(options: ConnectionOptions, formatter: ReplyFormatter, output: OutputSink, errors: OutputSink) async -> Int32 {
        var options = options
        options.clientName = nil
        // The standard policy resends only commands that are harmless twice: N writes stay N.
        let client = RedisClient(options, group: RedisConnection.singleThreadedGroup())
        defer { Task { await client.close() } }
        var status: Int32 = 0
        var done = 0
        do {
            while times < 0 || done < times {
                try Task.checkCancellation()
                let reply = try await client.send(command)
                if stopOnError, let message = reply.errorMessage {
                    errors.line(message)
                    return 1
                }
                output.write(formatter.format(reply, command: command))
                if reply.isError { status = 1 }
                done += 1
                if let interval { try await Task.sleep(for: interval) }
            }
        } catch is CancellationError {
            return status
        } catch {
            errors.line("\(error)")
            return 1
        }
        return status
    }
}
