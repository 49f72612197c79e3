import RESP
import RedisClient
import ReplyFormat

extension OneShot {
    /// `rwb [options] COMMAND ARG…` once its options are known: the words as the user's
    /// bytes, the last one from stdin with `-x`, on a throwaway server with `--local`.
    /// Returns the exit status. `OneShotFastPath` lines come here straight from `RWB.main`.
    public static func runCommandLine(
        _ words: [String], request: ConnectionRequest, local: Bool = false, localCluster: Bool = false, lastArgumentFromStdin: Bool = false,
        mode: OutputMode
    ) async -> Int32 {
        var arguments = ProcessEnvironment.rawBytes(ofTrailing: words)
        if lastArgumentFromStdin {
            do {
                arguments.append(try ProcessEnvironment.standardInput())
            } catch {
                FileDescriptorSink.standardError.line("rwb: \(error)")
                return 1
            }
        }
        var connection: ConnectionOptions
        do {
            connection = try request.resolve(environment: ProcessEnvironment.variables)
        } catch {
            // A URL that does not parse is bad usage.
            FileDescriptorSink.standardError.line("Error: \(error)")
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
        let status = await OneShot.run(
            RedisCommand(bytes: arguments), options: connection, mode: mode,
            output: FileDescriptorSink.standardOutput, errors: FileDescriptorSink.standardError)
        ExitCleanup.run()
        return status
    }
}
