import RedisClient
import TestSupport
import Testing

@testable import Workbench

/// `rwb` as a shell user calls it: subcommands found by the argument parser, everything else
/// a Redis command, with the options before it.
@Suite(.needsRedis) struct CommandLineTests {
    private func rwb(_ arguments: String) async throws -> (status: Int32, output: String) {
        let (output, status) = try await TestShell.capture("\(TestShell.quote(TestShell.rwbPath)) \(arguments) 2>&1 </dev/null")
        return (status, String(decoding: output, as: UTF8.self))
    }

    @Test func helpListsEverySubcommandAndHidesTheDefault() async throws {
        let help = try await rwb("--help")
        #expect(help.status == 0)
        for line in ["  run ", "  bench ", "  lab ", "  analyze ", "  top "] { #expect(help.output.contains(line), "\(line)") }
        #expect(!help.output.contains("redis-command"))
        #expect(help.output.contains("scripts/install"))
    }

    /// `rwb --help` says "See 'rwb help <subcommand>'": that works, and `rwb help GET` prints
    /// the command's help as redis-cli does, without a server (port 1 is never answered).
    @Test func helpNamesASubcommandOrARedisCommand() async throws {
        let top = try await rwb("-p 1 help top")
        #expect(top.status == 0)
        #expect(top.output.contains("USAGE: rwb top"), "\(top.output)")
        let get = try await rwb("-p 1 help GET")
        #expect(get.status == 0)
        #expect(get.output.contains("summary: Get the value of a key"), "\(get.output)")
        let root = try await rwb("help")
        #expect(root.status == 0 && root.output.contains("OVERVIEW: Redis Workbench"))
    }

    /// A root option before or after a subcommand that does not take it is explained, not
    /// "unknown" with a guess (it was "Did you mean '--tls'?", and "unknown lab '--yes'").
    @Test func rootOptionsASubcommandDoesNotTakeAreExplained() async throws {
        for arguments in ["--yes run /dev/null", "run --yes /dev/null", "--yes lab cache-aside"] {
            let result = try await rwb(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.output.contains("--yes is an option of rwb itself"), "\(arguments): \(result.output)")
        }
        let unknown = try await rwb("run --bogus /dev/null")
        #expect(unknown.status == 2 && unknown.output.contains("Unknown option '--bogus'"))
    }

    @Test func versionNamesTheCommitItWasBuiltFrom() async throws {
        let version = try await rwb("--version")
        #expect(version == (0, "rwb \(Version.number) (commit \(Version.commit))\n"))
        // Built from a git checkout: twelve hex digits of the commit, then -dirty if the tree had changes.
        let hash = Version.commit.split(separator: "-").first ?? ""
        #expect(
            hash.count == 12 && hash.allSatisfy(\.isHexDigit)
                && [nil, "dirty"].contains(Version.commit.split(separator: "-").dropFirst().first), "\(Version.commit)")
    }

    @Test func completionScriptsAreGeneratedForEachShell() async throws {
        for (shell, marker) in [("bash", "complete "), ("zsh", "#compdef rwb"), ("fish", "complete -c 'rwb'")] {
            let script = try await rwb("--generate-completion-script \(shell)")
            #expect(script.status == 0 && script.output.contains(marker), "\(shell)")
        }
    }

    @Test func subcommandNamesAsArgumentsAreRedisArguments() async throws {
        try await ServerFixture.withServer { server in
            let set = try await rwb("-p \(server.port!) SET run bench")
            #expect(set == (0, "OK\n"))
            // Options after the command belong to the command, as with redis-cli.
            let echo = try await rwb("-p \(server.port!) ECHO -p")
            #expect(echo == (0, "-p\n"))
            let get = try await rwb("-p \(server.port!) --raw GET run")
            #expect(get == (0, "bench\n"))
        }
    }

    @Test func optionsBeforeASubcommandReachIt() async throws {
        try await ServerFixture.withServer { server in
            let directory = try TestShell.temporaryDirectory()
            defer { TestShell.remove(directory) }
            try TextFile.write("SET rwb:a 1\nGET rwb:a\n", to: "\(directory)/s.rwb")
            let result = try await rwb("-p \(server.port!) run \(directory)/s.rwb")
            #expect(result == (0, "OK\n1\n"))
        }
    }

    @Test func scriptFileKeepsTheCSVMode() async throws {
        try await ServerFixture.withServer { server in
            let directory = try TestShell.temporaryDirectory()
            defer { TestShell.remove(directory) }
            try TextFile.write("RPUSH rwb:l a b\nLRANGE rwb:l 0 -1\n", to: "\(directory)/s.rwb")
            let result = try await rwb("-p \(server.port!) --csv -f \(directory)/s.rwb")
            #expect(result == (0, "2\n\"a\",\"b\"\n"))
        }
    }

    /// `--verbose` shows the exchange on stderr, as `.trace` does (a password never), and
    /// leaves stdout as it was; a mode with its own output refuses it.
    @Test func verboseShowsTheExchangeOnStandardErrorOnly() async throws {
        try await ServerFixture.withServer { server in
            let port = server.port!
            let (output, status) = try await TestShell.capture(
                "\(TestShell.quote(TestShell.rwbPath)) -p \(port) --verbose SET rwb:v 1 2>/dev/null </dev/null")
            #expect(status == 0 && String(decoding: output, as: UTF8.self) == "OK\n")
            let both = try await rwb("-p \(port) --verbose GET rwb:v")
            #expect(both == (0, "-> *2\\r\\n$3\\r\\nGET\\r\\n$5\\r\\nrwb:v\\r\\n\n<- $1\\r\\n1\\r\\n\n1\n"))
            let secret = try await rwb("-p \(port) --verbose AUTH hunter2")
            #expect(secret.output.contains("-> (27 bytes hidden: a command carrying a password)"))
            #expect(!secret.output.contains("hunter2"))
            let script = try await rwb("-p \(port) --verbose -f /dev/stdin")
            #expect(script.status == 0)
            let scan = try await rwb("-p \(port) --verbose --scan")
            #expect(scan.status == 2)
            #expect(scan.output.contains("--verbose shows a command's exchange (one command, the REPL, a script); --scan prints its own"))
        }
    }

    @Test func aDashWordBeforeTheCommandIsAnUnknownOption() async throws {
        let result = try await rwb("--bogus GET k")
        #expect(result.status == 2)
        #expect(result.output.contains("unknown option '--bogus'"))
    }
}

extension CommandLineTests {
    @Test func aSubcommandKeepsItsOwnOptionsWhateverTheRootHas() async throws {
        // -n is the root's database and bench's request count; --local is both's.
        let result = try await rwb("bench --local -n 7 -c 1 -t ping --csv")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("\"PING\""))
        let refused = try await rwb("bench --local -n 0 -t ping")
        #expect(refused.status == 2)
        #expect(refused.output.contains("Usage: rwb bench"))
    }
}
