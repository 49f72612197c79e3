import RESP
import RedisClient
import ReplyFormat

/// The workbench's own commands: lines that start with a dot, in the REPL and in scripts.
enum DotCommand: String, CaseIterable {
    case help, connect, mode, timing, trace, source, server, clean, quit, exit
    case echo, sleep, seed
    case expect, expectType = "expect-type", expectError = "expect-error"

    /// One line of `.help` per command.
    var usage: String {
        switch self {
        case .help: return ".help                          this list"
        case .connect: return ".connect URL                   connect elsewhere (redis://, rediss://, unix://)"
        case .mode: return ".mode tty|raw|json|csv         how replies are printed"
        case .timing: return ".timing on|off                 show the time of every reply"
        case .trace: return ".trace on|off                  show the RESP bytes sent and received"
        case .source: return ".source FILE                   run a script file here"
        case .server: return ".server start|stop|status      a throwaway local redis-server"
        case .clean: return ".clean                         UNLINK every key under the workbench prefix"
        case .quit: return ".quit                          leave (also Ctrl-D)"
        case .exit: return ".exit                          same as .quit"
        case .echo: return ".echo TEXT                     print TEXT"
        case .sleep: return ".sleep MS                      pause"
        case .seed: return ".seed N                        seed for labs and random data"
        case .expect: return ".expect TEXT | lab.FIELD OP V assert on the last reply (as raw mode prints it) or lab report"
        case .expectType: return ".expect-type TYPE              string|integer|nil|array|map|set|double|boolean|error"
        case .expectError: return ".expect-error [SUBSTRING]      the last reply was an error (containing SUBSTRING)"
        }
    }

    /// The closest command name, for "did you mean" messages.
    static func closest(to name: String) -> String? {
        let ranked = allCases.map { ($0.rawValue, EditDistance.between(name, $0.rawValue)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = ranked, distance <= max(2, name.count / 2) else { return nil }
        return best
    }
}

extension Session {
    func runDot(_ line: String, at location: SourceLocation) async -> LineResult {
        let body = line.dropFirst()
        let nameEnd = body.firstIndex { $0 == " " || $0 == "\t" } ?? body.endIndex
        let name = String(body[..<nameEnd]).lowercased()
        let rest = String(body[nameEnd...].drop { $0 == " " || $0 == "\t" })
        guard let command = DotCommand(rawValue: name) else {
            let hint = DotCommand.closest(to: name).map { " (did you mean .\($0)?)" } ?? " (.help lists them)"
            return LineResult(failure: .usage("unknown command .\(name)\(hint)"))
        }
        let words: [String]
        do {
            words = try CommandLineSplitter.split(rest).map { String(decoding: $0, as: UTF8.self) }
        } catch {
            return LineResult(failure: .usage("\(error)"))
        }
        switch command {
        case .help:
            output.line("Workbench commands (Redis commands need no dot; `help CMD` asks about one):")
            for dot in DotCommand.allCases { output.line("  " + dot.usage) }
            return LineResult()
        case .quit, .exit:
            return LineResult(quit: true)
        case .echo:
            output.line(words.joined(separator: " "))
            return LineResult()
        case .sleep:
            guard words.count == 1, let milliseconds = Int(words[0]), milliseconds >= 0 else { return usage(command) }
            guard milliseconds <= Self.maxSleepMilliseconds else {
                return LineResult(failure: .usage(".sleep \(words[0]): at most \(Self.maxSleepMilliseconds) ms (one hour)"))
            }
            try? await clock.sleep(for: .milliseconds(milliseconds))
            return LineResult()
        case .seed:
            guard words.count == 1, let seed = UInt64(words[0]) else { return usage(command) }
            setSeed(seed)
            return LineResult()
        case .mode:
            guard words.count == 1, let mode = OutputMode(rawValue: words[0].lowercased()) else { return usage(command) }
            setMode(mode)
            return LineResult()
        case .timing, .trace:
            guard words.count == 1, let on = Self.onOff(words[0]) else { return usage(command) }
            if command == .timing { setTiming(on) } else { setTrace(on) }
            return LineResult()
        case .connect:
            return await connect(words)
        case .server:
            return await serverCommand(words)
        case .clean:
            return await clean()
        case .source:
            guard words.count == 1 else { return usage(command) }
            return await BatchRunner(session: self).runFile(words[0])
        case .expect, .expectType, .expectError:
            return Assertions.check(command, words: words, text: rest, lastReply: lastReply)
        }
    }

    /// A script that sleeps longer than this is a typo, not a demo.
    static let maxSleepMilliseconds = 3_600_000

    private func usage(_ command: DotCommand) -> LineResult {
        LineResult(failure: .usage("usage: \(command.usage.prefix { $0 != " " }) …  — \(command.usage)"))
    }

    private static func onOff(_ word: String) -> Bool? {
        switch word.lowercased() {
        case "on", "1", "yes", "true": return true
        case "off", "0", "no", "false": return false
        default: return nil
        }
    }

    private func connect(_ words: [String]) async -> LineResult {
        guard words.count == 1 else { return usage(.connect) }
        var request = ConnectionRequest()
        if words[0].contains("://") {
            request.url = words[0]
        } else if words[0].contains("@") {
            // user:password@host[:port]: a URL without its scheme.
            request.url = "redis://" + words[0]
        } else {
            // host[:port]: the common short form.
            let parts = words[0].split(separator: ":", maxSplits: 1).map(String.init)
            request.host = parts[0]
            if parts.count == 2 {
                guard let port = Int(parts[1]) else { return usage(.connect) }
                request.port = port
            }
        }
        do {
            let options = try request.resolve(environment: [:])
            // Try first: a failed .connect keeps the connection the session had.
            var probe = options
            probe.clientName = nil
            await (try await RedisConnection.connect(probe)).close()
            await use(options)
            guard let client else { return LineResult() }
            try await client.connect()
            connectedNow()
            errors.line("connected to \(options.maskedURL)")
            return LineResult()
        } catch {
            return LineResult(failure: .connection("\(error)"))
        }
    }

    private func serverCommand(_ words: [String]) async -> LineResult {
        switch words.first?.lowercased() {
        case "start":
            if let server {
                errors.line("a throwaway server is already running at \(server.options.addressDescription) (pid \(server.pid))")
                return LineResult()
            }
            do {
                let started = try await ThrowawayServer.start()
                ExitCleanup.register(started)
                await adopt(started)
                errors.line("started a throwaway redis-server at \(started.options.addressDescription) (pid \(started.pid)); it stops when rwb exits")
                return LineResult()
            } catch {
                return LineResult(failure: .connection("\(error)"))
            }
        case "stop":
            guard let server else { return LineResult(failure: .usage("no throwaway server is running")) }
            await client?.close()
            server.stop()
            ExitCleanup.unregister(server)
            setServer(nil)
            errors.line("stopped the throwaway redis-server (pid \(server.pid))")
            return LineResult()
        case "status":
            if let server {
                output.line("throwaway redis-server: pid \(server.pid), \(server.options.addressDescription), data in \(server.directory)")
            } else {
                output.line("no throwaway server (start one with .server start)")
            }
            return LineResult()
        default:
            return usage(.server)
        }
    }

    /// UNLINKs every key under the workbench prefix, by SCAN, so nothing else is touched.
    private func clean() async -> LineResult {
        guard let client else { return LineResult(failure: .connection("not connected")) }
        let pattern = GlobPattern.prefix(Array(settings.prefix.utf8))
        var cursor = "0"
        var removed: Int64 = 0
        do {
            repeat {
                let reply = try await client.call(RedisCommand(bytes: [Array("SCAN".utf8), Array(cursor.utf8), Array("MATCH".utf8), pattern, Array("COUNT".utf8), Array("1000".utf8)]))
                guard let page = ScanPage(reply) else {
                    return LineResult(failure: .connection("unexpected SCAN reply: \(reply)"))
                }
                cursor = page.cursor
                if !page.keys.isEmpty {
                    removed += try await client.call(RedisCommand(bytes: [Array("UNLINK".utf8)] + page.keys)).int ?? 0
                }
            } while cursor != "0"
            output.line("removed \(removed) key\(removed == 1 ? "" : "s") under \(settings.prefix)")
            return LineResult()
        } catch {
            return LineResult(failure: .connection("\(error)"))
        }
    }
}

/// Levenshtein distance, for suggestions.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
