import RESP
import RedisClient
import ReplyFormat

/// `rwb --ldb --eval FILE k1 k2 , a1 a2` (and `--ldb-sync-mode`): redis-cli's Lua debugger
/// client. It turns the server's debugger on (`SCRIPT DEBUG yes`, a forked server whose
/// changes are thrown away, or `sync`, which blocks the server and keeps them), sends the
/// EVAL, and then each line typed at `lua debugger> ` as a command; the server answers with
/// log lines (`LuaDebuggerReply`). When the script ends the EVAL's result is shown, and the
/// prompt becomes the server's, where `restart` debugs the script again (read anew from its
/// file, as redis-cli does) and other lines are plain commands.
public struct LuaDebugger: Sendable {
    public enum Mode: Sendable {
        /// `SCRIPT DEBUG yes`.
        case forked
        /// `SCRIPT DEBUG sync`.
        case sync
    }

    public var mode: Mode
    public var file: String
    /// Keys, a lone `,`, then arguments: `--eval`'s words.
    public var words: [[UInt8]]
    public var options: ConnectionOptions
    /// redis-cli's colours for the log lines (a colour terminal).
    public var colored: Bool

    public init(mode: Mode, file: String, words: [[UInt8]], options: ConnectionOptions, colored: Bool) {
        self.mode = mode
        self.file = file
        self.words = words
        self.options = options
        self.colored = colored
    }

    static let banner = """
        Lua debugging session started, please use:
        quit    -- End the session.
        restart -- Restart the script in debug mode again.
        help    -- Show Lua script debugging commands.


        """

    static let prompt = "lua debugger> "

    /// What a session ended with.
    enum Next {
        case restart
        case exit(Int32)
    }

    /// The EVAL as sent (the `--eval` rules, its message for a file that cannot be read).
    public func evalCommand() throws(CommandArguments.Failure) -> [[UInt8]] {
        do {
            return try OneShot.shaped(words, shape: CommandShape(evalFile: file), lastArgumentFromStdin: false)
        } catch let failure as CommandArguments.Failure {
            throw failure
        } catch {
            throw CommandArguments.Failure(description: "\(error)", status: 1)
        }
    }

    /// Runs sessions until one is left (quit, Ctrl-D, Ctrl-C) or fails. Blocks the calling
    /// thread (readline), as the REPL does.
    public func run(output: OutputSink, errors: OutputSink) -> Int32 {
        let terminal = LuaDebuggerTerminal()
        var first = true
        while true {
            if !first { output.write("\n") }
            first = false
            switch session(terminal: terminal, output: output, errors: errors) {
            case .restart: continue
            case .exit(let status): return status
            }
        }
    }

    private func session(terminal: LuaDebuggerTerminal, output: OutputSink, errors: OutputSink) -> Next {
        output.write(Self.banner)
        let eval: [[UInt8]]
        do {
            eval = try evalCommand()
        } catch {
            errors.line(error.status == 2 ? "Error: \(error)" : error.description)
            return .exit(error.status)
        }
        let link: LuaDebuggerLink
        switch connect() {
        case .success(let value): link = value
        case .failure(let error):
            errors.line("\(error)")
            return .exit(1)
        }
        let interrupt = terminal.interruptDescriptor
        do throws(LuaDebuggerLink.Failure) {
            try link.send([Array("SCRIPT".utf8), Array("DEBUG".utf8), Array((mode == .sync ? "sync" : "yes").utf8)])
            // Not redis-cli's way (it ignores the answer, then runs the script undebugged).
            if case .simpleError(let message) = try link.nextReply(interrupt: interrupt) {
                errors.line("(error) \(message)")
                return .exit(1)
            }
            try link.send(eval)
            let started = LuaDebuggerReply.format(try link.nextReply(interrupt: interrupt), colored: colored)
            output.write(started.text)
            if started.endsSession {
                // The script did not compile: the EVAL's error follows.
                output.line("Eval debugging session can't start:")
                let result = try link.nextReply(interrupt: interrupt)
                output.write(ReplyFormatter(mode: .tty).format(result))
                return .exit(result.isError ? 1 : 0)
            }
            return try debug(link, terminal: terminal, output: output, errors: errors)
        } catch {
            switch error {
            case .closed: errors.line("Error: Server closed the connection (the Lua debugging session is over)")
            case .malformed(let reason): errors.line("Error: Protocol error: \(reason)")
            case .interrupted: errors.line("(interrupted)")
            }
            return .exit(error == .interrupted ? 130 : 1)
        }
    }

    /// The `lua debugger> ` prompt, until the script ends or the user leaves.
    private func debug(
        _ link: LuaDebuggerLink, terminal: LuaDebuggerTerminal, output: OutputSink, errors: OutputSink
    ) throws(LuaDebuggerLink.Failure) -> Next {
        while true {
            guard case .text(let line) = terminal.read(prompt: Self.prompt) else { return .exit(0) }
            terminal.record(line)
            switch LuaDebuggerInput.parse(line) {
            case .nothing: continue
            case .quit: return .exit(0)
            case .restart: return .restart
            case .clear: output.write("\u{1b}[H\u{1b}[2J")
            case .refused(let reason): output.line(reason)
            case .send(let words, let times):
                for _ in 0..<times {
                    try link.send(words)
                    let reply = LuaDebuggerReply.format(try link.nextReply(interrupt: terminal.interruptDescriptor), colored: colored)
                    output.write(reply.text)
                    guard reply.endsSession else { continue }
                    let result = try link.nextReply(interrupt: terminal.interruptDescriptor)
                    output.write(ReplyFormatter(mode: .tty).format(result))
                    output.write("\n(Lua debugging session ended\(mode == .sync ? "" : " -- dataset changes rolled back"))\n\n")
                    return afterSession(terminal: terminal, output: output, errors: errors)
                }
            }
        }
    }

    /// redis-cli's prompt after a session: plain commands on a new connection (the server
    /// closed the debugger's), and `restart` to debug again.
    private func afterSession(terminal: LuaDebuggerTerminal, output: OutputSink, errors: OutputSink) -> Next {
        let prompt = PromptState().prompt(options: options, isConnected: true)
        var connection: LuaDebuggerLink?
        while true {
            guard case .text(let line) = terminal.read(prompt: prompt) else { return .exit(0) }
            terminal.record(line)
            let words: [[UInt8]]
            do {
                words = try CommandLineSplitter.split(line)
            } catch {
                output.line("Invalid argument(s)")
                continue
            }
            guard let first = words.first else { continue }
            switch String(decoding: first, as: UTF8.self).lowercased() {
            case "quit", "exit": return .exit(0)
            case "restart": return .restart
            default: break
            }
            if connection == nil {
                switch connect() {
                case .success(let link): connection = link
                case .failure(let error):
                    errors.line("\(error)")
                    continue
                }
            }
            guard let link = connection else { continue }
            do {
                try link.send(words)
                let reply = try link.nextReply(interrupt: terminal.interruptDescriptor)
                output.write(ReplyFormatter(mode: .tty).format(reply, command: RedisCommand(bytes: words)))
            } catch {
                // The next line connects again.
                connection = nil
                if case .interrupted = error {
                    terminal.clearInterrupt()
                    errors.line("(interrupted)")
                } else {
                    errors.line("Error: Server closed the connection")
                }
            }
        }
    }

    /// A connection as the options say, opened from this (blocking) thread.
    private func connect() -> Result<LuaDebuggerLink, any Error> {
        blockOn { [options] in
            do {
                return .success(try await LuaDebuggerLink.open(options))
            } catch {
                return .failure(error)
            }
        }
    }
}
