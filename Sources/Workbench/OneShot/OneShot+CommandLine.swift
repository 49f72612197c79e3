import RESP
import RedisClient
import ReplyFormat

extension OneShot {
    /// `rwb [options] COMMAND ARG…` once its options are known: the words as the user's
    /// bytes, the last one from stdin with `-x`, on a throwaway server with `--local`.
    /// Returns the exit status. `OneShotFastPath` lines come here straight from `RWB.main`.
    public static func runCommandLine(
        _ words: [String], request: ConnectionRequest, local: Bool = false, localCluster: Bool = false, lastArgumentFromStdin: Bool = false,
        mode: OutputMode, shape: CommandShape = CommandShape()
    ) async -> Int32 {
        let arguments: [[UInt8]]
        do {
            arguments = try shaped(
                ProcessEnvironment.rawBytes(ofTrailing: words), shape: shape, lastArgumentFromStdin: lastArgumentFromStdin)
        } catch let failure as CommandArguments.Failure {
            FileDescriptorSink.standardError.line(failure.status == 2 ? "Error: \(failure)" : failure.description)
            return failure.status
        } catch {
            FileDescriptorSink.standardError.line("rwb: \(error)")
            return 1
        }
        let command = RedisCommand(bytes: arguments)
        if let refusal = RepeatedCommand.refusal(command, times: shape.repeatCount ?? 1), shape.repeatCount != nil {
            FileDescriptorSink.standardError.line("Error: \(refusal)")
            return 2
        }
        var connection: ConnectionOptions
        do {
            connection = try request.resolve(environment: ProcessEnvironment.variables)
        } catch {
            // A URL that does not parse is bad usage.
            FileDescriptorSink.standardError.line("Error: \(error)")
            return 2
        }
        if connection.rest != nil && (local || localCluster) {
            FileDescriptorSink.standardError.line("Error: \(SessionLauncher.restWithThrowawayServer)")
            return 2
        }
        if localCluster {
            ExitCleanup.installSignalHandlers()
            do {
                connection = try await SessionLauncher.startLocalCluster(errors: FileDescriptorSink.standardError).options
            } catch {
                FileDescriptorSink.standardError.line("rwb: \(error)")
                ExitCleanup.run()
                return 1
            }
        } else if local {
            ExitCleanup.installSignalHandlers()
            do {
                let server = try await ThrowawayServer.start()
                ExitCleanup.register(server)
                connection = server.options
            } catch {
                FileDescriptorSink.standardError.line("rwb: \(error)")
                return 1
            }
        }
        let newline = [UInt8(ascii: "\n")]
        let formatter = ReplyFormatter(
            mode: mode, rawElementDelimiter: shape.elementDelimiter ?? newline,
            rawReplyDelimiter: shape.replyDelimiter ?? newline)
        let status: Int32
        if shape.repeatCount != nil || shape.interval != nil {
            status = await RepeatedCommand(command, times: shape.repeatCount ?? 1, interval: shape.interval, stopOnError: shape.exitOnError)
                .run(
                    options: connection, formatter: formatter, output: FileDescriptorSink.standardOutput,
                    errors: FileDescriptorSink.standardError)
        } else {
            status = await OneShot.run(
                command, options: connection, formatter: formatter, errorsToStandardError: shape.exitOnError, verbose: shape.verbose,
                output: FileDescriptorSink.standardOutput,
                errors: FileDescriptorSink.standardError)
        }
        ExitCleanup.run()
        return status
    }

    /// The words as sent: unquoted (`--quoted-input`), made an EVAL (`--eval FILE`), the
    /// tagged one (`-X`) or a last one (`-x`) read from stdin.
    static func shaped(_ words: [[UInt8]], shape: CommandShape, lastArgumentFromStdin: Bool) throws -> [[UInt8]] {
        var arguments = shape.quotedInput ? try CommandArguments.unquoted(words) : words
        if let file = shape.evalFile {
            guard let script = POSIX.readFile(file, limit: 64 << 20) else {
                throw CommandArguments.Failure(description: "Can't open file '\(file)': \(POSIX.errorText())", status: 2)
            }
            arguments = CommandArguments.eval(script: script, words: arguments)
        }
        if let tag = shape.stdinTag {
            if lastArgumentFromStdin { throw CommandArguments.Failure(description: "choose one of -x and -X", status: 2) }
            arguments = try CommandArguments.replacingTag(tag, in: arguments) { try ProcessEnvironment.standardInput(for: "-X") }
        }
        if lastArgumentFromStdin { arguments.append(try ProcessEnvironment.standardInput()) }
        return arguments
    }
}
