import ArgumentParser
import ReplyFormat
import Testing

@testable import Workbench

/// The fast path must read every line it accepts exactly as the full parser reads it, and
/// leave everything else to the parser.
struct OneShotFastPathTests {
    /// The root command's connection and output options, parsed by swift-argument-parser
    /// (the same option groups `rwb` uses), then the command words.
    private struct FullParser: ParsableArguments {
        @OptionGroup var connection: ConnectionFlags
        @OptionGroup var rest: RESTFlags
        @OptionGroup var database: DatabaseFlag
        @OptionGroup var output: OutputFlags
        @Argument(parsing: .captureForPassthrough) var words: [String] = []
    }

    private let subcommands = ["run", "bench", "lab", "analyze", "top"]

    @Test func theCommonShapesTakeTheFastPath() throws {
        let line = try #require(
            OneShotFastPath.parse(["-h", "10.0.0.5", "-p", "6380", "-n", "2", "--raw", "GET", "user:1"], subcommands: subcommands))
        #expect(line.request.host == "10.0.0.5" && line.request.port == 6380 && line.request.database == 2)
        #expect(line.mode(stdoutIsTerminal: true) == .raw)
        #expect(line.words == ["GET", "user:1"])
        #expect(OneShotFastPath.parse(["PING"], subcommands: subcommands)?.mode(stdoutIsTerminal: false) == .raw)
        #expect(OneShotFastPath.parse(["PING"], subcommands: subcommands)?.mode(stdoutIsTerminal: true) == .tty)
        // Options after the command belong to the command.
        #expect(OneShotFastPath.parse(["ECHO", "-p"], subcommands: subcommands)?.words == ["ECHO", "-p"])
        // A REST endpoint, with its token.
        let rest = try #require(
            OneShotFastPath.parse(["--rest", "http://127.0.0.1:8079", "--rest-token", "t", "GET", "k"], subcommands: subcommands))
        #expect(rest.request.rest == "http://127.0.0.1:8079" && rest.request.restToken == "t" && rest.passwordWarning != nil)
    }

    @Test func everythingElseGoesToTheFullParser() {
        for arguments in [
            [], ["-p", "6380"], ["run", "x.rwb"], ["-p", "1", "lab"], ["-a", "pw", "PING"], ["-u", "redis://h", "PING"],
            ["--local", "PING"], ["-x", "SET", "k"], ["-p", "0", "PING"], ["-p", "-1", "PING"], ["-p", "x", "PING"],
            ["-n", "-1", "PING"], ["-p", "1", "-p", "2", "PING"], ["-2", "-3", "PING"], ["--raw", "--json", "PING"],
            ["--", "PING"], ["-h"], ["-h", "-p", "PING"], ["--help"], ["--version"], ["-f", "x.rwb"], ["--tls", "PING"],
            ["--rest", "GET", "k"], ["--rest=http://h", "PING"], ["--rest", "redis://h", "PING"], ["--rest-token", "t", "PING"],
            ["--rest", "http://h", "-p", "1", "PING"], ["--rest", "http://h", "-n", "1", "PING"],
        ] {
            #expect(OneShotFastPath.parse(arguments, subcommands: subcommands) == nil, "\(arguments)")
        }
    }

    /// Random lines over the fast path's options, valid and not: whenever the fast path
    /// accepts one, the full parser accepts it too and reads the same request, mode and words.
    @Test func acceptedLinesReadAsTheFullParserReadsThem() throws {
        let options: [[String]] = [
            ["-h", "127.0.0.1"], ["-h", "cache.internal"], ["-p", "6380"], ["-p", "65535"], ["-p", "0"], ["-p", "70000"],
            ["-s", "/tmp/r.sock"], ["-n", "0"], ["-n", "15"], ["-n", "-2"], ["-2"], ["-3"],
            ["--raw"], ["--no-raw"], ["--json"], ["--csv"], ["-h"], ["-p"],
            ["--rest", "http://127.0.0.1:8079"], ["--rest", "HTTPS://kv.example"], ["--rest", "redis://h"], ["--rest-token", "t"],
            ["--no-auth-warning"],
        ]
        let commands: [[String]] = [["PING"], ["GET", "k"], ["SET", "k", "-p"], ["ECHO", "--raw"], ["bench"], ["lab", "x"], ["", "x"]]
        var generator = SystemRandomNumberGenerator()
        var accepted = 0
        for _ in 0..<400 {
            var arguments: [String] = []
            for _ in 0..<Int.random(in: 0...4, using: &generator) { arguments += options.randomElement(using: &generator) ?? [] }
            arguments += commands.randomElement(using: &generator) ?? []
            guard let fast = OneShotFastPath.parse(arguments, subcommands: subcommands) else { continue }
            accepted += 1
            let full = try FullParser.parse(arguments)
            let fullRequest = ConnectionFlags.WithDatabase(flags: full.connection, database: full.database, rest: full.rest)
            #expect(fullRequest.request == fast.request, "\(arguments)")
            #expect(full.words == fast.words, "\(arguments)")
            #expect(fullRequest.passwordWarning == fast.passwordWarning, "\(arguments)")
            for terminal in [true, false] {
                #expect(full.output.mode(stdoutIsTerminal: terminal) == fast.mode(stdoutIsTerminal: terminal), "\(arguments)")
            }
        }
        #expect(accepted > 40)
    }
}
