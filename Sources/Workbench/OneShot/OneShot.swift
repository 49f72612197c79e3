import RESP
import RedisClient
import ReplyFormat

/// `rwb COMMAND ARGS…`: connect, send one command, print the reply as redis-cli would.
/// SUBSCRIBE-like commands and MONITOR then print what arrives until interrupted.
public enum OneShot {
    /// Returns the exit status: 0 for a reply, 1 for an error reply or a failed connection.
    public static func run(
        _ command: RedisCommand,
        options: ConnectionOptions,
        mode: OutputMode,
        output: OutputSink,
        errors: OutputSink
    ) async -> Int32 {
        let formatter = ReplyFormatter(mode: mode)
        let client = RedisClient(options, retryPolicy: .never)
        defer { Task { await client.close() } }
        do {
            try await client.connect()
            if let notice = await client.handshakeNotice { errors.line(notice) }
            // As redis-cli: the notice comes first, on a terminal only.
            if isStreaming(command) && mode == .tty { output.line("Reading messages... (press Ctrl-C to quit)") }
            let reply = try await client.send(command)
            output.write(formatter.format(reply, command: command))
            if reply.isError { return 1 }
            if isStreaming(command) {
                for await message in client.outOfBand {
                    output.write(formatter.format(message, command: command))
                }
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

    static func isStreaming(_ command: RedisCommand) -> Bool {
        ["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR"].contains(command.name)
    }
}
